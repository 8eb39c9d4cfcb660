package dev.candor.report.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The ledger's recording API, called with report-service's own service-account token (client credentials,
 * {@code candor-internal}): a report handed to a regulator is a disclosure Candor itself makes.
 */
@Path("/api/v1/disclosures")
@RegisterRestClient(configKey = "ledger-oversight")
@OidcClientFilter
public interface OversightClient {

    @POST
    JsonNode record(@HeaderParam("Idempotency-Key") String idempotencyKey, JsonNode disclosure);
}
