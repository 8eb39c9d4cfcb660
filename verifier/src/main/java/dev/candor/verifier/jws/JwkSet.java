package dev.candor.verifier.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.StrictJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * A JSON Web Key Set (RFC 7517 section 5) of Ed25519 keys for checking EdDSA signatures. Keys of other types are
 * skipped; so are Ed25519 keys published for something else — {@code use} other than {@code sig}, {@code alg} other
 * than {@code EdDSA}, {@code key_ops} without {@code verify} — and keys whose {@code kid} is not their RFC 7638
 * thumbprint (Candor's kids are, so anyone can recompute them). Why each was skipped is kept, by kid, so a signature
 * by such a key fails saying so rather than "no published key".
 *
 * @param keys             the keys signatures are checked with
 * @param notForSignatures kid → why a key in the set is not used
 */
public record JwkSet(List<Jwk> keys, Map<String, String> notForSignatures) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JwkSet {
        keys = List.copyOf(keys);
        notForSignatures = Map.copyOf(notForSignatures);
    }

    public JwkSet(List<Jwk> keys) {
        this(keys, Map.of());
    }

    public Optional<Jwk> byKid(String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    public ObjectNode toJson() {
        ObjectNode set = JSON.createObjectNode();
        ArrayNode array = set.putArray("keys");
        keys.forEach(k -> array.add(k.toJson()));
        return set;
    }

    public static JwkSet parse(byte[] json) throws JwsException {
        JsonNode node;
        try {
            node = StrictJson.parse(json);
        } catch (StrictJson.NotStrictJson e) {
            throw new JwsException("the key set is " + (e.getMessage().startsWith("not JSON") ? "" : "not I-JSON: ")
                    + e.getMessage());
        }
        if (!node.path("keys").isArray()) {
            throw new JwsException("the key set has no \"keys\" array");
        }
        List<Jwk> keys = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (JsonNode k : node.get("keys")) {
            if ("OKP".equals(k.path("kty").asText()) && "Ed25519".equals(k.path("crv").asText())) {
                Jwk key = Jwk.parse(k);
                String unfit = unfitForSignatures(k, key);
                if (unfit == null) {
                    keys.add(key);
                } else {
                    skipped.putIfAbsent(k.path("kid").isTextual() ? k.get("kid").asText() : key.kid(), unfit);
                }
            }
        }
        if (keys.isEmpty()) {
            throw new JwsException("the key set holds no Ed25519 key for EdDSA signatures" + (skipped.isEmpty() ? ""
                    : " (" + String.join("; ", skipped.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).toList()) + ")"));
        }
        return new JwkSet(keys, skipped);
    }

    /** Why an Ed25519 JWK must not be used to check a report's EdDSA signature, or null if it may. */
    private static String unfitForSignatures(JsonNode k, Jwk key) {
        if (k.has("use") && !"sig".equals(k.get("use").textValue())) {
            return "published for use " + k.get("use") + ", not \"sig\"";
        }
        if (k.has("alg") && !"EdDSA".equals(k.get("alg").textValue())) {
            return "published for alg " + k.get("alg") + ", not \"EdDSA\"";
        }
        JsonNode ops = k.get("key_ops");
        if (ops != null && !(ops.isArray() && StreamSupport.stream(ops.spliterator(), false)
                .anyMatch(op -> "verify".equals(op.textValue())))) {
            return "its key_ops " + ops + " do not include \"verify\"";
        }
        if (!Jwk.thumbprint(key.x()).equals(key.kid())) {
            return "its kid is not the key's RFC 7638 thumbprint";
        }
        return null;
    }
}
