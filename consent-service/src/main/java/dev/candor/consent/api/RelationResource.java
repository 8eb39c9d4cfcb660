package dev.candor.consent.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.common.web.QueryParams;
import dev.candor.consent.domain.Relation;
import dev.candor.consent.domain.RelationService;
import dev.candor.consent.domain.SubjectRef;
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

@Path("/api/v1/relations")
@Tag(name = "Care and business relations")
@RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.REGULATOR, Caller.ADMIN})
public class RelationResource {

    @Inject
    RelationService service;

    @Inject
    CurrentCaller caller;

    @POST
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.DISCLOSER, Caller.ADMIN})
    @Operation(summary = "Record a care relation (patient and provider) or a business relation (patient or provider "
            + "and organisation)", description = "Admins record any; a disclosing organisation its own business "
            + "relations; a patient, or a delegate managing their consent, the providers who treat them.")
    public RestResponse<RelationView> record(@NotNull @Valid CreateRelationRequest request, @Context UriInfo uri) {
        Relation created = service.record(caller.get(), request.kind(), request.subjectType(), request.subjectId(),
                request.partyId());
        return RestResponse.ResponseBuilder.<RelationView>created(
                        uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(RelationView.of(created)).type(MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "End a relation: a new version with status ENDED (409 if ended before); body optional")
    public RelationView end(@PathParam("id") UUID id, @Valid ReasonRequest request) {
        return RelationView.of(service.end(caller.get(), id, ReasonRequest.of(request)));
    }

    /** The same without a body (no Content-Type). */
    @POST
    @Path("/{id}/end")
    @Operation(hidden = true)
    public RelationView endWithoutBody(@PathParam("id") UUID id) {
        return end(id, null);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A relation's latest version (its subject's side, its party, regulators, admins)")
    public RelationView get(@PathParam("id") UUID id) {
        return service.find(caller.get(), id).map(RelationView::of)
                .orElseThrow(() -> ProblemException.notFound("relation " + id));
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "Every version of a relation, oldest first")
    public List<RelationView> versions(@PathParam("id") UUID id) {
        List<Relation> versions = service.versions(caller.get(), id);
        if (versions.isEmpty()) {
            throw ProblemException.notFound("relation " + id);
        }
        return versions.stream().map(RelationView::of).toList();
    }

    @GET
    @Operation(summary = "A subject's relations or a party's: each one's latest version, or with asOf those active then")
    public List<RelationView> list(
            @QueryParam("subject") @Size(max = 128) String subjectId,
            @Parameter(description = "PATIENT (default) or PROVIDER") @QueryParam("subjectType") String subjectType,
            @Parameter(description = "a provider id or an organisation id") @QueryParam("party") @Size(max = 128)
            String partyId,
            @Parameter(description = "ISO-8601 instant") @QueryParam("asOf") String asOf) {
        SubjectRef subject = subjectId == null ? null : new SubjectRef(
                QueryParams.enumValue("subjectType", subjectType, SubjectType.class, SubjectType.PATIENT), subjectId);
        return service.list(caller.get(), subject, partyId, QueryParams.instant("asOf", asOf)).stream()
                .map(RelationView::of).toList();
    }
}
