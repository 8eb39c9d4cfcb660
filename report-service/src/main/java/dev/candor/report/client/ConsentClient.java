package dev.candor.report.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** consent-service, called with the caller's own token (propagated), so it applies its own access rules. */
@Path("/api/v1/consents")
@RegisterRestClient(configKey = "consent")
@RegisterClientHeaders
public interface ConsentClient {

    /** Each of the patient's directives, latest version. */
    @GET
    JsonNode directivesOf(@QueryParam("patient") String patientId);

    /** Every version of one directive, oldest first. */
    @GET
    @Path("/{id}/versions")
    JsonNode versions(@PathParam("id") String directiveId);
}
