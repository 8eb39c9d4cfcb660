package dev.candor.verifier.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.note.Ed25519Keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * An Ed25519 public key as an OKP JSON Web Key (RFC 8037). Its {@code kid} is the RFC 7638 thumbprint
 * (base64url SHA-256 of {@code {"crv":"Ed25519","kty":"OKP","x":...}}), so the same key always has the same id and a
 * verifier can recompute it.
 *
 * @param x the raw 32-byte public key
 */
public record Jwk(String kid, byte[] x) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    /** The JWK of a raw Ed25519 public key, with its thumbprint as kid. */
    public static Jwk of(byte[] x) {
        Ed25519Keys.publicKey(x); // refuses a malformed key
        return new Jwk(thumbprint(x), x.clone());
    }

    public static Jwk of(PublicKey key) {
        return of(Ed25519Keys.rawPublicKey(key));
    }

    /** RFC 7638 thumbprint of an Ed25519 OKP key. */
    public static String thumbprint(byte[] x) {
        String members = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + B64URL.encodeToString(x) + "\"}";
        try {
            return B64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(members.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public PublicKey publicKey() {
        return Ed25519Keys.publicKey(x);
    }

    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("kty", "OKP");
        node.put("crv", "Ed25519");
        node.put("x", B64URL.encodeToString(x));
        node.put("kid", kid);
        node.put("alg", "EdDSA");
        node.put("use", "sig");
        return node;
    }

    /** Reads an OKP Ed25519 JWK; a missing kid is its thumbprint. */
    public static Jwk parse(JsonNode node) throws JwsException {
        if (!"OKP".equals(node.path("kty").asText()) || !"Ed25519".equals(node.path("crv").asText())) {
            throw new JwsException("not an Ed25519 OKP key (kty " + node.path("kty").asText() + ", crv "
                    + node.path("crv").asText() + ")");
        }
        byte[] x;
        try {
            x = B64URL_DECODER.decode(node.path("x").asText());
            Ed25519Keys.publicKey(x);
        } catch (IllegalArgumentException e) {
            throw new JwsException("key x is not a base64url Ed25519 public key");
        }
        String kid = node.path("kid").isTextual() ? node.get("kid").asText() : thumbprint(x);
        return new Jwk(kid, x);
    }
}
