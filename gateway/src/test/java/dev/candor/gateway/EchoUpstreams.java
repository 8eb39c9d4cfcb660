package dev.candor.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stand-ins for the services behind the gateway: each answers with what it received (method, URI, the headers
 * that matter, the body) so tests can see exactly what the gateway forwarded; {@code ?slowMillis=N} answers after N
 * ms, {@code ?status=N} answers N with a problem document of its own, {@code ?headers=N} adds N header lines
 * and one name twice. The ledger points at a closed port (its circuit
 * opens after 3 failures and stays open).
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    /** What each stand-in publishes as its OpenAPI document: two public paths and one the gateway must drop. */
    static final String OPENAPI = """
            {"openapi": "3.1.0", "info": {"title": "a service", "version": "1"},
             "paths": {
               "/api/v1/consents": {"get": {"summary": "list", "responses": {"200": {"description": "ok",
                  "content": {"application/json": {"examples": {"one": {"value": []}}}}}}}},
               "/api/v1/reports/patients/{patientId}": {"get": {"summary": "report",
                  "responses": {"200": {"description": "ok"}}}},
               "/internal/metrics-dump": {"get": {"responses": {"200": {"description": "ok"}}}}
             },
             "components": {"schemas": {"Consent": {"type": "object"}}}}
            """;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/q/openapi", exchange -> {
                byte[] bytes = OPENAPI.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.createContext("/", exchange -> {
                String query = exchange.getRequestURI().getQuery();
                if (query != null && query.startsWith("slowMillis=")) {
                    try {
                        Thread.sleep(Long.parseLong(query.substring("slowMillis=".length())));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (query != null && query.startsWith("status=")) {
                    // A service failing in its own words: its problem document, with its own status.
                    byte[] problem = ("{\"type\":\"https://candor.dev/problems/unavailable\",\"status\":"
                            + query.substring("status=".length()) + ",\"detail\":\"from the service\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                    exchange.sendResponseHeaders(Integer.parseInt(query.substring("status=".length())),
                            problem.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(problem);
                    }
                    return;
                }
                if (query != null && query.startsWith("headers=")) {
                    // Many header lines, and one name twice: all must reach the caller, the gateway's own still win.
                    for (int i = 0; i < Integer.parseInt(query.substring("headers=".length())); i++) {
                        exchange.getResponseHeaders().add("X-Upstream-" + i, "value-" + i);
                    }
                    exchange.getResponseHeaders().add("X-Repeated", "first");
                    exchange.getResponseHeaders().add("X-Repeated", "second");
                }
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String json = "{\"method\":\"" + exchange.getRequestMethod() + "\","
                        + "\"uri\":\"" + exchange.getRequestURI() + "\","
                        + "\"authorization\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + "\","
                        + "\"requestId\":\"" + exchange.getRequestHeaders().getFirst("X-Request-Id") + "\","
                        + "\"forwarded\":\"" + exchange.getRequestHeaders().getFirst("Forwarded") + "\","
                        + "\"forwardedHost\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-Host") + "\","
                        + "\"forwardedProto\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-Proto") + "\","
                        + "\"forwardedFor\":\"" + exchange.getRequestHeaders().getFirst("X-Forwarded-For") + "\","
                        + "\"bodyLength\":" + body.length() + "}";
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                // What a service sends that the gateway must not pass on in place of its own.
                exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            String echo = "http://localhost:" + server.getAddress().getPort();
            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            return Map.of(
                    "candor.gateway.upstreams.consent.url", echo,
                    "candor.gateway.upstreams.report.url", echo,
                    "candor.gateway.upstreams.report.timeout", "2s",
                    "candor.gateway.upstreams.ledger.url", "http://localhost:" + closed,
                    "candor.gateway.upstreams.ledger.failures-to-open", "3",
                    "candor.gateway.upstreams.ledger.open-for", "1h");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
