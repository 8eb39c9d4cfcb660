package dev.candor.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tokens for service tests, shaped like the realm's (see keycloak/README.md) and RS256-signed with a key pair made
 * for this JVM. The services validate them with their real OIDC code against the public key that
 * {@link OidcTestResource} configures — signature, issuer, audience and expiry are all checked for real.
 * The key lives in system properties because Quarkus loads tests and resources in different class loaders.
 */
public final class TestTokens {

    public static final String ISSUER = "https://keycloak.test.candor.dev/realms/candor";
    public static final String AUDIENCE = "candor-api";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRIVATE = "candor.test.jwt.private-key";
    private static final String PUBLIC = "candor.test.jwt.public-key";

    private final ObjectNode claims = JSON.createObjectNode();
    private PrivateKey signingKey;

    private TestTokens(String subject, String username, String... roles) {
        long now = Instant.now().getEpochSecond();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("preferred_username", username);
        claims.put("azp", "candor-portal");
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        claims.putObject("realm_access").putPOJO("roles", List.of(roles));
    }

    public static TestTokens user(String username, String... roles) {
        return new TestTokens("user-" + username, username, roles);
    }

    public static String patient(String patientId) {
        return user(patientId, "patient").claim("patient_id", patientId).sign();
    }

    public static String delegate(String username, String... patientIds) {
        return user(username, "delegate").claim("delegate_for", List.of(patientIds)).sign();
    }

    public static String therapist(String providerId, String practiceId) {
        return user(providerId, "therapist").claim("provider_id", providerId).claim("practice_id", practiceId).sign();
    }

    public static String discloser(String clientId, String orgId) {
        return new TestTokens("service-account-" + clientId, "service-account-" + clientId, "discloser")
                .claim("azp", clientId).claim("org_id", orgId).sign();
    }

    public static String regulator(String username) {
        return user(username, "regulator").sign();
    }

    public static String admin(String username) {
        return user(username, "admin").sign();
    }

    public TestTokens claim(String name, Object value) {
        claims.putPOJO(name, value);
        return this;
    }

    public TestTokens expiredSecondsAgo(long seconds) {
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - seconds - 300);
        claims.put("exp", now - seconds);
        return this;
    }

    /** Signs with a key the services do not trust (a forged token). */
    public TestTokens signedByStranger() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            signingKey = generator.generateKeyPair().getPrivate();
            return this;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String sign() {
        try {
            String header = base64Url(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "test")));
            String payload = base64Url(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signingKey != null ? signingKey : privateKey());
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64Url(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
    }

    /** The public key as Quarkus' {@code quarkus.oidc.public-key} wants it: base64 of the X.509 encoding. */
    static String publicKeyBase64() {
        ensureKeys();
        return System.getProperty(PUBLIC);
    }

    private static PrivateKey privateKey() throws Exception {
        ensureKeys();
        byte[] encoded = Base64.getDecoder().decode(System.getProperty(PRIVATE));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
    }

    private static void ensureKeys() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PRIVATE) != null) {
                return;
            }
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                System.setProperty(PUBLIC, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
                System.setProperty(PRIVATE, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
