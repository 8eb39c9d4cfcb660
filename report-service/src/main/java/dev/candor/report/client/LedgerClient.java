package dev.candor.report.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** disclosure-ledger, called with the caller's own token (propagated), so it scopes the entries itself. */
@Path("/api/v1")
@RegisterRestClient(configKey = "ledger")
@RegisterClientHeaders
public interface LedgerClient {

    /** The latest signed checkpoint (C2SP signed note). */
    @GET
    @Path("/log/checkpoint")
    @Produces(MediaType.TEXT_PLAIN)
    String checkpoint();

    /**
     * One page of entries inside tree size {@code proofsAt}, each with salt, leaf data and inclusion proof:
     * {@code {"items": [...], "next": position-or-null}}. {@code from}/{@code to} bound occurredAt (ISO-8601).
     */
    @GET
    @Path("/disclosures")
    JsonNode disclosures(@QueryParam("subject") String subjectId, @QueryParam("flag") String flag,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("proofsAt") long proofsAt, @QueryParam("after") long after,
                         @QueryParam("limit") int limit);

    /** Platform-wide counts over a period inside a tree size (regulators, admins). */
    @GET
    @Path("/admin/log/stats")
    JsonNode stats(@QueryParam("from") String from, @QueryParam("to") String to,
                   @QueryParam("treeSize") long treeSize);
}
