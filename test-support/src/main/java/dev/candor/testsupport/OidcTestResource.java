package dev.candor.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a service's real OIDC bearer validation at the key {@link TestTokens} signs with, instead of a Keycloak.
 * Issuer and audience stay checked. The end-to-end tests in {@code local-stack} use the real Keycloak instead.
 */
public class OidcTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.public-key", TestTokens.publicKeyBase64(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER,
                "quarkus.oidc.token.audience", TestTokens.AUDIENCE);
    }

    @Override
    public void stop() {
    }
}
