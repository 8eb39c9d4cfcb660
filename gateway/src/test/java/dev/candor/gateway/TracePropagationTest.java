package dev.candor.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With tracing on, a request's trace continues through the gateway: the service receives a {@code traceparent} in the
 * caller's trace whose parent is the gateway's own span, not the caller's.
 */
@QuarkusTest
@TestProfile(TracePropagationTest.TracingOn.class)
class TracePropagationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Spans are made and propagated; none is exported (no collector in tests).
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.traces.exporter", "none",
                    "quarkus.otel.metrics.exporter", "none", "quarkus.otel.logs.exporter", "none");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TraceEcho.class));
        }
    }

    /** A consent-service stand-in that answers with the traceparent it received. */
    public static class TraceEcho implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                byte[] bytes = String.valueOf(exchange.getRequestHeaders().getFirst("traceparent"))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return Map.of("candor.gateway.upstreams.consent.url", "http://localhost:" + server.getAddress().getPort());
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Test
    void theServiceSeesTheCallersTraceWithTheGatewaysSpanAsParent() {
        String received = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                .when().get("/api/v1/consents?patient=pat-alice")
                .then().statusCode(200).extract().asString();

        String[] parts = received.split("-");
        assertThat(parts).hasSize(4);
        assertThat(parts[1]).isEqualTo(TRACE_ID);
        assertThat(parts[2]).matches("[0-9a-f]{16}").isNotEqualTo(CALLER_SPAN);
    }

    @Test
    void aRequestWithoutTraceStartsOne() {
        String received = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/consents?patient=pat-alice")
                .then().statusCode(200).extract().asString();

        assertThat(received).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }
}
