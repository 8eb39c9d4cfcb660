package dev.candor.consent.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.consent.domain.DirectiveService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
        DirectiveService.Current created = service.create(who, patientId, request.kind(),
                request.provisions().stream().map(ProvisionDto::toDomain).toList(), request.signedText());
        return RestResponse.ResponseBuilder.<DirectiveView>created(
                        uri.getAbsolutePathBuilder().path(created.directive().id.toString()).build())
                .entity(DirectiveView.of(created))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "Read a directive's current version")
    public DirectiveView get(@PathParam("id") UUID id) {
        return service.find(caller.get(), id).map(DirectiveView::of)
                .orElseThrow(() -> ProblemException.notFound("directive " + id));
    }

    @GET
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "List a patient's directives (current versions)")
    public List<DirectiveView> ofPatient(@QueryParam("patient") @NotBlank String patientId) {
        return service.ofPatient(caller.get(), patientId).stream().map(DirectiveView::of).toList();
    }
}
