package dev.candor.report.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.concurrent.CompletionStage;

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
     * {@code {"next": position-or-null, "items": [...]}}. {@code from}/{@code to} bound occurredAt (ISO-8601).
     * Asynchronous, so that a report can ask for the next page before it works through this one (the caller's token
     * is taken when the call is made, on the request's thread); the page's bytes as they came, so that the report
     * parses one item at a time ({@code LedgerReader}) instead of holding a whole page as a tree.
     */
    @GET
    @Path("/disclosures")
    @Produces(MediaType.APPLICATION_JSON)
    CompletionStage<byte[]> disclosures(@QueryParam("subjectType") String subjectType,
                         @QueryParam("subject") String subjectId, @QueryParam("flag") String flag,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("proofsAt") long proofsAt, @QueryParam("after") long after,
                         @QueryParam("limit") int limit);

    /** Platform-wide counts over a period inside a tree size (regulators, admins). */
    @GET
    @Path("/admin/log/stats")
    JsonNode stats(@QueryParam("from") String from, @QueryParam("to") String to,
                   @QueryParam("treeSize") long treeSize);
}
