package dev.candor.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the stack keeps its data and which ports it uses. The local stack uses the documented ports; the
 * end-to-end tests use their own so both can run on one machine.
 *
 * @param repository   the repository root (realm file, the services' built jars)
 * @param home         data, logs, secrets and the unpacked Keycloak (git-ignored)
 * @param keycloakZip  the distribution Maven fetched from Central
 * @param extraServiceEnvironment settings every service gets on top of the defaults (tests shorten clock skew)
 */
public record StackSettings(Path repository, Path home, Path keycloakZip, int gatewayPort, int consentPort,
                            int ledgerPort, int reportPort, int keycloakPort, int keycloakManagementPort,
                            int postgresPort, Map<String, String> extraServiceEnvironment) {

    public static final String REALM = "candor";

    public static StackSettings local(Path repository, Path keycloakZip) {
        return new StackSettings(repository, repository.resolve(".candor"), keycloakZip,
                8080, 8081, 8082, 8083, 8180, 9180, 15432, Map.of());
    }

    public String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    public String keycloakUrl() {
        return "http://localhost:" + keycloakPort;
    }

    public String realmUrl() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    public Path logs() {
        return home.resolve("logs");
    }
}
