package dev.candor.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.candor.ledger.domain.Decision;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static dev.candor.ledger.client.RestConsentDecisionsTest.question;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batcher through the real REST client against a stub of consent-service's batch API over HTTP, which refuses
 * a call whole as consent-service does — a 400 problem naming the bad question's fields ({@code requests[i]…}).
 */
@QuarkusTest
class RestConsentDecisionsOverHttpTest {

    @Inject
    ObjectMapper json;

    private HttpServer consent;
    private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    private RestConsentDecisions batcher;

    @BeforeEach
    void stubConsentService() throws Exception {
        consent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        consent.createContext("/api/v1/decisions/batch", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody());
            List<String> recipients = new ArrayList<>();
            body.path("requests").forEach(r -> recipients.add(r.path("recipient").path("id").asText()));
            calls.add(recipients);
            ObjectNode answer = json.createObjectNode();
            int status = 200;
            if (recipients.contains("ins-refused")) {
                status = 400;
                answer.put("type", "https://candor.dev/problems/validation").put("status", 400)
                        .put("detail", "recipient.id: refused");
                ArrayNode errors = answer.putArray("errors");
                for (int i = 0; i < recipients.size(); i++) {
                    if (recipients.get(i).equals("ins-refused")) {
                        errors.addObject().put("field", "requests[" + i + "].recipient.id").put("message", "refused");
                    }
                }
            } else {
                ArrayNode results = answer.putArray("results");
                body.path("requests").forEach(r -> {
                    ObjectNode result = results.addObject().put("decidedAt", "2026-10-01T09:30:01Z");
                    ArrayNode subjects = result.putArray("subjects");
                    r.path("subjects").forEach(s -> subjects.addObject().<ObjectNode>set("subject", s)
                            .put("decision", "PERMIT").put("legalBasis", "HIPAA_TPO"));
                });
            }
            byte[] bytes = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type",
                    status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        consent.start();
        batcher = new RestConsentDecisions();
        batcher.json = json;
        batcher.client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create("http://127.0.0.1:" + consent.getAddress().getPort()))
                .build(ConsentDecisionClient.class);
    }

    @AfterEach
    void stop() throws InterruptedException {
        batcher.stop(null);
        consent.stop(0);
    }

    @Test
    void aQuestionConsentServiceRefusesFailsAloneAndTheOthersAreDecided() throws Exception {
        // queued before the batcher starts, so they go in one call
        CompletionStage<List<Decision>> before = batcher.decide(question("ins-before", "pat-a"));
        CompletionStage<List<Decision>> refused = batcher.decide(question("ins-refused", "pat-b"));
        CompletionStage<List<Decision>> after = batcher.decide(question("ins-after", "pat-c", "pat-d"));
        batcher.start(null);

        assertThat(after.toCompletableFuture().get(30, TimeUnit.SECONDS))
                .extracting(d -> d.subject().id()).containsExactlyInAnyOrder("pat-c", "pat-d");
        assertThat(before.toCompletableFuture().get(30, TimeUnit.SECONDS)).extracting(Decision::outcome)
                .containsExactly(Decision.Outcome.PERMIT);
        assertThatThrownBy(() -> refused.toCompletableFuture().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConsentRefusal.class).hasMessageContaining("(400): recipient.id: refused");
        assertThat(calls).containsExactly(List.of("ins-before", "ins-refused", "ins-after"),
                List.of("ins-before", "ins-after"));
    }
}
