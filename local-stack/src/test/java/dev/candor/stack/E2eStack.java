package dev.candor.stack;

import dev.candor.devinfra.OidcTokens;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole stack, as `./candor up` starts it, shared by every end-to-end test class of one failsafe run: starting
 * Keycloak and four services costs about a minute, so it happens once per JVM and a shutdown hook stops it.
 * Ports start at {@code candor.e2e.port-base} (default 18000) so two checkouts can run their suites side by side.
 */
public final class E2eStack {

    private static E2eStack shared;

    public final LocalStack stack;
    public final StackSettings settings;
    public final OidcTokens tokens;
    public final ApiClient gateway;

    private E2eStack(LocalStack stack, StackSettings settings) {
        this.stack = stack;
        this.settings = settings;
        this.tokens = new OidcTokens(settings.realmUrl());
        this.gateway = new ApiClient(settings.gatewayUrl());
    }

    public static synchronized E2eStack get() throws Exception {
        if (shared == null) {
            int base = Integer.getInteger("candor.e2e.port-base", 18000);
            Path repository = Path.of(System.getProperty("candor.repo"));
            Path home = Path.of(System.getProperty("java.io.tmpdir"), "e2e-stack");
            deleteRecursively(home);
            StackSettings settings = new StackSettings(repository, home,
                    Path.of(System.getProperty("candor.keycloak.zip")),
                    base + 80, base + 81, base + 82, base + 83, base + 180, base + 1180, 0,
                    // Only a second of clock skew, so the expired-token test need not wait half a minute; a
                    // delegate's records kept a second, so the revocation test need not wait the default 30 s.
                    Map.of("QUARKUS_OIDC_TOKEN_LIFESPAN_GRACE", "1", "CANDOR_DELEGATIONS_CACHE_TTL", "1s"));
            LocalStack stack = new LocalStack(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "e2e-stack-stop"));
            stack.start();
            new DemoData(settings, stack.secrets()).loadOnce();
            shared = new E2eStack(stack, settings);
        }
        return shared;
    }

    /** A demo user's token (password = user name, local realm only). */
    public String user(String name) {
        return tokens.password("candor-portal", name, name);
    }

    /** A disclosing system's token, client credentials with the locally generated secret. */
    public String client(String clientId) throws Exception {
        return tokens.clientCredentials(clientId, stack.secrets().get("client." + clientId + ".secret"));
    }

    public ApiClient direct(int port) {
        return new ApiClient("http://localhost:" + port);
    }

    /** A token for Keycloak's admin API (master realm). */
    public String keycloakAdminToken() throws Exception {
        String body = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode(stack.secrets().get("keycloak.admin.password"), StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(settings.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.JSON.readTree(response.body()).path("access_token").asText();
    }

    /** Makes a realm user (password = user name) with one realm role and the given attributes; its user id. */
    public String createUser(String username, String realmRole, String attributesJson) throws Exception {
        String admin = keycloakAdminToken();
        HttpClient http = HttpClient.newHttpClient();
        String user = """
                {"username": "%s", "enabled": true, "emailVerified": true, "email": "%s@candor.example",
                 "firstName": "%s", "lastName": "Test", "attributes": %s,
                 "credentials": [{"type": "password", "value": "%s", "temporary": false}]}
                """.formatted(username, username, username, attributesJson, username);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(settings.keycloakUrl() + "/admin/realms/candor/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(user)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String userId = location.substring(location.lastIndexOf('/') + 1);
        HttpResponse<String> role = http.send(HttpRequest.newBuilder(
                        URI.create(settings.keycloakUrl() + "/admin/realms/candor/roles/" + realmRole))
                .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(role.statusCode()).as(role.body()).isEqualTo(200);
        HttpResponse<String> mapped = http.send(HttpRequest.newBuilder(URI.create(settings.keycloakUrl()
                        + "/admin/realms/candor/users/" + userId + "/role-mappings/realm"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + role.body() + "]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
        return userId;
    }

    public void setAccessTokenLifespan(int seconds) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(settings.keycloakUrl() + "/admin/realms/candor"))
                .header("Authorization", "Bearer " + keycloakAdminToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"accessTokenLifespan\": " + seconds + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    static void deleteRecursively(Path path) throws Exception {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
