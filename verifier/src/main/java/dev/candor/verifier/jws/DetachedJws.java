package dev.candor.verifier.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.note.Ed25519Keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;

/**
 * JWS compact serialization with a detached payload (RFC 7515 appendix F): {@code header..signature}. The signing
 * input is the usual {@code base64url(header) "." base64url(payload)}; the payload travels beside the JWS (in a
 * Candor report: the report itself, in canonical JSON, without its {@code jws} member). Algorithm EdDSA with
 * Ed25519 (RFC 8037) only — no other algorithm is accepted, so there is no algorithm confusion.
 */
public final class DetachedJws {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DetachedJws() {
    }

    /** Signs the payload; the header carries alg EdDSA, the kid and the payload's media type. */
    public static String sign(PrivateKey key, String kid, byte[] payload) {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", "EdDSA");
        header.put("kid", kid);
        header.put("cty", "json");
        String protectedHeader = Jwk.B64URL.encodeToString(CanonicalJson.canonicalBytes(header));
        byte[] signature = Ed25519Keys.sign(key, signingInput(protectedHeader, payload));
        return protectedHeader + ".." + Jwk.B64URL.encodeToString(signature);
    }

    /**
     * Checks the JWS over the payload with the key its kid names.
     *
     * @return the key that verified
     */
    public static Jwk verify(String jws, byte[] payload, JwkSet keys) throws JwsException {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3 || !parts[1].isEmpty()) {
            throw new JwsException("not a detached compact JWS (header..signature)");
        }
        JsonNode header;
        byte[] signature;
        try {
            header = JSON.readTree(Jwk.B64URL_DECODER.decode(parts[0]));
            signature = Jwk.B64URL_DECODER.decode(parts[2]);
        } catch (IOException | IllegalArgumentException e) {
            throw new JwsException("the JWS header or signature is not base64url JSON");
        }
        if (header == null || !"EdDSA".equals(header.path("alg").asText())) {
            throw new JwsException("algorithm " + (header == null ? null : header.path("alg")) + " is not EdDSA");
        }
        if (header.has("crit")) {
            throw new JwsException("critical header parameters are not supported");
        }
        String kid = header.path("kid").asText();
        Jwk key = keys.byKid(kid).orElseThrow(() -> new JwsException("no published key has kid " + kid));
        if (!Ed25519Keys.verify(key.publicKey(), signingInput(parts[0], payload), signature)) {
            throw new JwsException("the signature does not match the payload (key " + kid + ")");
        }
        return key;
    }

    private static byte[] signingInput(String protectedHeader, byte[] payload) {
        return (protectedHeader + "." + Jwk.B64URL.encodeToString(payload)).getBytes(StandardCharsets.US_ASCII);
    }
}
