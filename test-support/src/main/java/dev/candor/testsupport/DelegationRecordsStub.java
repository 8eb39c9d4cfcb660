package dev.candor.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * consent-service's delegation list ({@code GET /api/v1/delegations?delegate=me}) for the service tests of the ledger,
 * report-service and the gateway, which confirm a delegate's {@code delegate_for} claim against it. The answer is a
 * fixed table keyed by the token's {@code sub} ({@link TestTokens#user}: {@code user-<name>}); the token is the one
 * the service under test already validated. The end-to-end tests use the real consent-service.
 *
 * <ul>
 *   <li>{@code dana}: pat-alice, every scope, in force</li>
 *   <li>{@code dora}: pat-bob, every scope, in force</li>
 *   <li>{@code dina}: pat-alice, {@code MANAGE_CONSENT} only (no disclosures)</li>
 *   <li>{@code dave}: pat-alice, revoked</li>
 *   <li>{@code dex}: pat-alice, every scope, expired in 2020</li>
 *   <li>anyone else: no delegation (a claim without a record)</li>
 * </ul>
 */
public class DelegationRecordsStub implements QuarkusTestResourceLifecycleManager {

    private static final String ALL_SCOPES = "[\"MANAGE_CONSENT\", \"READ_CONSENT_HISTORY\", \"READ_DISCLOSURES\"]";
    private static final Map<String, String> BY_SUBJECT = Map.of(
            "user-dana", delegation("pat-alice", ALL_SCOPES, "ACTIVE", null),
            "user-dora", delegation("pat-bob", ALL_SCOPES, "ACTIVE", null),
            "user-dina", delegation("pat-alice", "[\"MANAGE_CONSENT\"]", "ACTIVE", null),
            "user-dave", delegation("pat-alice", ALL_SCOPES, "REVOKED", null),
            "user-dex", delegation("pat-alice", ALL_SCOPES, "ACTIVE", "\"2020-01-01T00:00:00Z\""));
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;

    private static String delegation(String patient, String scopes, String status, String validUntil) {
        return "[{\"id\": \"00000000-0000-4000-8000-000000000001\", \"version\": 1, \"patientId\": \"" + patient
                + "\", \"scopes\": " + scopes + ", \"status\": \"" + status
                + "\", \"validFrom\": \"2019-01-01T00:00:00Z\", \"validUntil\": " + validUntil + "}]";
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/delegations", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status = 200;
            String body;
            if (auth == null || !auth.startsWith("Bearer ") || !"delegate=me".equals(query)) {
                status = 400;
                body = "{\"detail\": \"expected the delegate's bearer token and delegate=me\"}";
            } else {
                body = BY_SUBJECT.getOrDefault(subject(auth.substring(7)), "[]");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("candor.delegations.consent-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static String subject(String token) throws IOException {
        String[] parts = token.split("\\.");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        return claims.path("sub").asText();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
