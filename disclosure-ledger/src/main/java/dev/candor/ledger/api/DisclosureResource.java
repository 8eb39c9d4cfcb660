package dev.candor.ledger.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.ledger.domain.DisclosureLedger;
import dev.candor.ledger.domain.RecordedDisclosure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.UUID;

@Path("/api/v1/disclosures")
@Tag(name = "Disclosures")
public class DisclosureResource {

    @Inject
    DisclosureLedger ledger;

    @Inject
    CurrentCaller caller;

    @POST
    @RolesAllowed({Caller.DISCLOSER, Caller.ADMIN})
    @Operation(summary = "Record a disclosure that happened (permitted or not: the ledger never refuses one)")
    public RestResponse<DisclosureView> record(@NotNull @Valid DisclosureRequest request, @Context UriInfo uri) {
        RecordedDisclosure recorded = ledger.record(caller.get(), request);
        return RestResponse.ResponseBuilder.<DisclosureView>created(
                        uri.getAbsolutePathBuilder().path(recorded.id().toString()).build())
                .entity(view(recorded))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.REGULATOR,
            Caller.ADMIN})
    @Operation(summary = "Read one disclosure the caller may see")
    public DisclosureView get(@PathParam("id") UUID id) {
        return ledger.find(caller.get(), id).map(DisclosureResource::view)
                .orElseThrow(() -> ProblemException.notFound("disclosure " + id));
    }

    @GET
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.REGULATOR,
            Caller.ADMIN})
    @Operation(summary = "List the disclosures the caller may see, oldest first (keyset pagination)")
    public DisclosurePage list(@QueryParam("subject") @Size(min = 1, max = 128) String subject,
                               @QueryParam("after") @DefaultValue("0") @Min(0) long after,
                               @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<DisclosureView> items = ledger.page(caller.get(), subject, after, limit).stream()
                .map(DisclosureResource::view).toList();
        Long next = items.size() == limit ? items.get(items.size() - 1).position() : null;
        return new DisclosurePage(items, next);
    }

    private static DisclosureView view(RecordedDisclosure d) {
        return new DisclosureView(d.id(), d.position(), d.recordedAt(), d.discloserOrg(), d.discloserClient(),
                d.entry());
    }
}
