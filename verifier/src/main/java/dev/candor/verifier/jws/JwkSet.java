package dev.candor.verifier.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.StrictJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A JSON Web Key Set (RFC 7517 section 5) of Ed25519 keys; keys of other types are skipped. */
public record JwkSet(List<Jwk> keys) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JwkSet {
        keys = List.copyOf(keys);
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
        if (node == null || !node.path("keys").isArray()) {
            throw new JwsException("the key set has no \"keys\" array");
        }
        List<Jwk> keys = new ArrayList<>();
        for (JsonNode k : node.get("keys")) {
            if ("OKP".equals(k.path("kty").asText()) && "Ed25519".equals(k.path("crv").asText())) {
                keys.add(Jwk.parse(k));
            }
        }
        if (keys.isEmpty()) {
            throw new JwsException("the key set holds no Ed25519 key");
        }
        return new JwkSet(keys);
    }
}
