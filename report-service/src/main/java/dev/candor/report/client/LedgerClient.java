package dev.candor.report.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** disclosure-ledger, called with the caller's own token (propagated), so it scopes the entries itself. */
@Path("/api/v1/disclosures")
@RegisterRestClient(configKey = "ledger")
@RegisterClientHeaders
public interface LedgerClient {

    /** One page: {@code {"items": [...], "next": position-or-null}}. */
    @GET
    JsonNode disclosuresAbout(@QueryParam("subject") String subjectId, @QueryParam("after") long after,
                              @QueryParam("limit") int limit);
}
