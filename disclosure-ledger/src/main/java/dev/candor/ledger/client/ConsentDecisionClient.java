package dev.candor.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.concurrent.CompletionStage;

/** consent-service's decision API, called with the ledger's own service-account token. */
@Path("/api/v1/decisions")
@RegisterRestClient(configKey = "consent")
@OidcClientFilter
public interface ConsentDecisionClient {

    /**
     * {@code {"requests": [question, ...]}} → {@code {"results": [decision, ...]}}, in the same order; the minimal
     * answer (outcome, basis, ids), as the ledger keeps no more — the explanation stays citable in consent-service.
     */
    @POST
    @Path("/batch")
    @ClientHeaderParam(name = "Prefer", value = "return=minimal")
    CompletionStage<DecisionAnswers> decideBatch(JsonNode batch);

    /**
     * A 4xx becomes a {@link ConsentRefusal} naming the questions consent-service refused (read from its problem
     * document here, where the body is at hand); anything else is left to the default mapping.
     */
    @ClientExceptionMapper
    static RuntimeException refusal(Response response) {
        if (response.getStatus() < 400 || response.getStatus() >= 500) {
            return null;
        }
        return ConsentRefusal.of(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : null);
    }
}
