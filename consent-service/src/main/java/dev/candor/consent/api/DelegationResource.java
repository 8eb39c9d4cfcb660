package dev.candor.consent.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.web.QueryParams;
import dev.candor.consent.domain.Delegation;
import dev.candor.consent.domain.DelegationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

@Path("/api/v1/delegations")
@Tag(name = "Delegations")
public class DelegationResource {

    @Inject
    DelegationService service;

    @Inject
    CurrentCaller caller;

    @POST
    @RolesAllowed({Caller.PATIENT, Caller.ADMIN})
    @Operation(summary = "Let a delegate act for a patient, within scopes, for a period (version 1)",
            description = "A patient grants for themselves; an admin for any patient. The delegate is named by the "
                    + "subject (`sub`) of their tokens, whose `delegate_for` claim must also name the patient.")
    public RestResponse<DelegationView> grant(@NotNull @Valid CreateDelegationRequest request, @Context UriInfo uri) {
        Delegation created = service.grant(caller.get(), request.toGrant());
        return RestResponse.ResponseBuilder.<DelegationView>created(
                        uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(DelegationView.of(created)).type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.ADMIN})
    @Operation(summary = "Revoke a delegation: a new version with status REVOKED (409 if revoked before); body optional")
    public DelegationView revoke(@PathParam("id") UUID id, @Valid ReasonRequest request) {
        return DelegationView.of(service.revoke(caller.get(), id, ReasonRequest.of(request)));
    }

    /** The same without a body (no Content-Type). */
    @POST
    @Path("/{id}/revoke")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.ADMIN})
    @Operation(hidden = true)
    public DelegationView revokeWithoutBody(@PathParam("id") UUID id) {
        return revoke(id, null);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "A delegation's latest version (the patient's, the delegate's own; regulators, admins)")
    public DelegationView get(@PathParam("id") UUID id) {
        return service.find(caller.get(), id).map(DelegationView::of)
                .orElseThrow(() -> ProblemException.notFound("delegation " + id));
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "Every version of a delegation, oldest first")
    public List<DelegationView> versions(@PathParam("id") UUID id) {
        List<Delegation> versions = service.versions(caller.get(), id);
        if (versions.isEmpty()) {
            throw ProblemException.notFound("delegation " + id);
        }
        return versions.stream().map(DelegationView::of).toList();
    }

    @GET
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "A patient's or a delegate's delegations: each one's latest version, or with asOf those "
            + "in force at that moment")
    public List<DelegationView> list(
            @QueryParam("patient") @Size(max = 128) String patientId,
            @Parameter(description = "the delegate's subject, or `me`") @QueryParam("delegate") @Size(max = 128)
            String delegate,
            @Parameter(description = "ISO-8601 instant; only the delegations in force then")
            @QueryParam("asOf") String asOf) {
        Caller who = caller.get();
        String delegateSubject = "me".equals(delegate) ? who.subject() : delegate;
        return service.list(who, patientId, delegateSubject, QueryParams.instant("asOf", asOf)).stream()
                .map(DelegationView::of).toList();
    }
}
