package dev.candor.consent.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.web.QueryParams;
import dev.candor.consent.domain.ConsentStatusService;
import dev.candor.consent.domain.DirectiveService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.UUID;

@Path("/api/v1/consents")
@Tag(name = "Consent directives")
public class DirectiveResource {

    @Inject
    DirectiveService service;

    @Inject
    ConsentStatusService statuses;

    @Inject
    CurrentCaller caller;

    @POST
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE})
    @Operation(summary = "Record a consent directive for a patient (the caller, or a patient the delegate acts for)")
    public RestResponse<DirectiveView> create(@NotNull @Valid CreateDirectiveRequest request, @Context UriInfo uri) {
        Caller who = caller.get();
        String patientId = request.patientId() != null ? request.patientId() : who.patientId();
        if (patientId == null) {
            throw ProblemException.validation("patientId", "is required when acting as a delegate");
        }
        DirectiveService.Current created = service.create(who, patientId, request.content());
        return RestResponse.ResponseBuilder.<DirectiveView>created(
                        uri.getAbsolutePathBuilder().path(created.directive().id.toString()).build())
                .entity(DirectiveView.of(created))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE})
    @Operation(summary = "Amend a directive: records a new version with the new content (nothing is overwritten)")
    public DirectiveView amend(@PathParam("id") UUID id, @NotNull @Valid AmendDirectiveRequest request) {
        return DirectiveView.of(service.amend(caller.get(), id, request.content(), request.baseVersion()));
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE})
    @Operation(summary = "Revoke a directive: records a new version with status REVOKED; the body is optional")
    public DirectiveView revoke(@PathParam("id") UUID id, @Valid RevokeDirectiveRequest request) {
        RevokeDirectiveRequest r = request != null ? request : new RevokeDirectiveRequest(null, null, null);
        return DirectiveView.of(service.revoke(caller.get(), id, r.reason(), r.signedText(), r.baseVersion()));
    }

    /** The same without a body (no Content-Type), as a portal's plain "revoke" button sends it. */
    @POST
    @Path("/{id}/revoke")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE})
    @Operation(hidden = true)
    public DirectiveView revokeWithoutBody(@PathParam("id") UUID id) {
        return revoke(id, null);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "Read a directive's latest version")
    public DirectiveView get(@PathParam("id") UUID id) {
        return service.find(caller.get(), id).map(DirectiveView::of)
                .orElseThrow(() -> ProblemException.notFound("directive " + id));
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "Every version of a directive, oldest first")
    public List<DirectiveView> versions(@PathParam("id") UUID id) {
        List<DirectiveService.Current> history = service.history(caller.get(), id);
        if (history.isEmpty()) {
            throw ProblemException.notFound("directive " + id);
        }
        return history.stream().map(DirectiveView::of).toList();
    }

    @GET
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "List a patient's directives: each one's latest version, or with asOf the versions in force "
            + "at that moment")
    public List<DirectiveView> ofPatient(
            @QueryParam("patient") @NotBlank String patientId,
            @Parameter(description = "ISO-8601 instant; only the versions in force then (not revoked, not expired)")
            @QueryParam("asOf") String asOf) {
        return service.ofPatient(caller.get(), patientId, QueryParams.instant("asOf", asOf)).stream()
                .map(DirectiveView::of).toList();
    }

    @GET
    @Path("/status")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.SERVICE,
            Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "What a patient's consent permits and denies right now, without history, versions or "
            + "signed text", description = "For therapists and disclosing organisations with a care or business "
            + "relation with the patient, as well as the patient, their delegates, regulators and admins.")
    public ConsentStatusView status(@QueryParam("patient") @NotBlank @Size(max = 128) String patientId) {
        return ConsentStatusView.of(statuses.of(caller.get(), patientId));
    }
}
