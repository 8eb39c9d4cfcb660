package dev.candor.verifier.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.json.StrictJson;
import dev.candor.verifier.note.Ed25519Keys;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Iterator;

/**
 * JWS compact serialization with a detached payload (RFC 7515 appendix F): {@code header..signature}. The signing
 * input is the usual {@code base64url(header) "." base64url(payload)}; the payload travels beside the JWS (in a
 * Candor report: the report itself, in canonical JSON, without its {@code jws} member). Algorithm EdDSA with
 * Ed25519 (RFC 8037) only — no other algorithm is accepted, so there is no algorithm confusion.
 * <p>
 * Ed25519 needs the whole message before it can sign (it hashes it twice), so a payload too large to hold is signed
 * <em>pre-hashed</em> ({@link #signDigest}): the JWS payload is the 32-byte SHA-256 of the real payload, and the
 * protected header says so in a critical parameter ({@code "candor-prehash":"SHA-256"}, listed in {@code crit}), so a
 * JOSE library that does not know the convention refuses the JWS instead of checking it against the wrong bytes.
 */
public final class DetachedJws {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The critical header parameter of a pre-hashed JWS; its only value is {@value #SHA_256}. */
    public static final String PREHASH = "candor-prehash";
    public static final String SHA_256 = "SHA-256";

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
     * Signs a payload by its SHA-256 ({@code sha256}, computed as the payload was written): the JWS payload is the
     * digest, and the header marks it with the critical {@value #PREHASH} parameter.
     */
    public static String signDigest(PrivateKey key, String kid, byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", "EdDSA");
        header.put("kid", kid);
        header.putArray("crit").add(PREHASH);
        header.put(PREHASH, SHA_256);
        String protectedHeader = Jwk.B64URL.encodeToString(CanonicalJson.canonicalBytes(header));
        byte[] signature = Ed25519Keys.sign(key, signingInput(protectedHeader, sha256));
        return protectedHeader + ".." + Jwk.B64URL.encodeToString(signature);
    }

    /**
     * Checks the JWS over the payload with the key its kid names. A pre-hashed JWS is refused here (its header has
     * {@code crit}): use {@link #verifyDigest}.
     *
     * @return the key that verified
     */
    public static Jwk verify(String jws, byte[] payload, JwkSet keys) throws JwsException {
        return verify(jws, payload, keys, false);
    }

    /**
     * Checks a pre-hashed JWS ({@link #signDigest}) against the SHA-256 of the payload. A JWS without the
     * {@value #PREHASH} header is refused, so a signature over the digest cannot stand for one over the payload.
     *
     * @return the key that verified
     */
    public static Jwk verifyDigest(String jws, byte[] sha256, JwkSet keys) throws JwsException {
        return verify(jws, sha256, keys, true);
    }

    private static Jwk verify(String jws, byte[] payload, JwkSet keys, boolean prehashed) throws JwsException {
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3 || !parts[1].isEmpty()) {
            throw new JwsException("not a detached compact JWS (header..signature)");
        }
        JsonNode header;
        byte[] signature;
        try {
            header = StrictJson.parse(Jwk.B64URL_DECODER.decode(parts[0]));
            signature = Jwk.B64URL_DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new JwsException("the JWS header or signature is not base64url");
        } catch (StrictJson.NotStrictJson e) {
            throw new JwsException("the JWS header is not I-JSON: " + e.getMessage()); // RFC 7515 4: no duplicates
        }
        if (header == null || !"EdDSA".equals(header.path("alg").asText())) {
            throw new JwsException("algorithm " + (header == null ? null : header.path("alg")) + " is not EdDSA");
        }
        checkPrehash(header, prehashed);
        String kid = header.path("kid").asText();
        Jwk key = keys.byKid(kid).orElseThrow(() -> new JwsException(keys.notForSignatures().containsKey(kid)
                ? "the published key " + kid + " is not for EdDSA signatures: " + keys.notForSignatures().get(kid)
                : "no published key has kid " + kid));
        if (!Ed25519Keys.verify(key.publicKey(), signingInput(parts[0], payload), signature)) {
            throw new JwsException("the signature does not match the payload (key " + kid + ")");
        }
        return key;
    }

    /** A pre-hashed JWS has exactly {@code crit: ["candor-prehash"]} and {@code candor-prehash: "SHA-256"}. */
    private static void checkPrehash(JsonNode header, boolean prehashed) throws JwsException {
        JsonNode crit = header.get("crit");
        if (!prehashed) {
            if (crit != null || header.has(PREHASH)) {
                throw new JwsException("critical header parameters are not supported");
            }
            return;
        }
        Iterator<JsonNode> names = crit == null || !crit.isArray() ? null : crit.elements();
        boolean onlyPrehash = names != null && names.hasNext() && PREHASH.equals(names.next().asText())
                && !names.hasNext();
        if (!onlyPrehash || !SHA_256.equals(header.path(PREHASH).asText())) {
            throw new JwsException("the JWS is not pre-hashed with SHA-256 (header " + PREHASH + " in crit)");
        }
    }

    private static byte[] signingInput(String protectedHeader, byte[] payload) {
        return (protectedHeader + "." + Jwk.B64URL.encodeToString(payload)).getBytes(StandardCharsets.US_ASCII);
    }
}
