package dev.candor.verifier.jws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.note.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which published keys may check a report's signature. */
class JwkSetTest {

    final KeyPair pair = Ed25519Keys.keyPair(Ed25519Keys.newSeed());
    final Jwk jwk = Jwk.of(pair.getPublic());
    final byte[] digest = new byte[32];
    final String jws = DetachedJws.signDigest(pair.getPrivate(), jwk.kid(), digest);

    static byte[] set(ObjectNode... keys) {
        ObjectNode set = new JwkSet(List.of()).toJson();
        for (ObjectNode k : keys) {
            ((ArrayNode) set.get("keys")).add(k);
        }
        return CanonicalJson.canonicalBytes(set);
    }

    @Test
    void thePublishedFormOfAKeyChecksItsSignature() throws Exception {
        JwkSet keys = JwkSet.parse(set(jwk.toJson()));
        assertThat(DetachedJws.verifyDigest(jws, digest, keys).kid()).isEqualTo(jwk.kid());
        // use, alg and kid may be left out
        ObjectNode bare = jwk.toJson();
        bare.remove(List.of("use", "alg", "kid"));
        assertThat(DetachedJws.verifyDigest(jws, digest, JwkSet.parse(set(bare))).kid()).isEqualTo(jwk.kid());
    }

    @Test
    void aKeyPublishedForAnythingButEdDsaSignaturesIsNotUsed() throws Exception {
        ObjectNode enc = jwk.toJson().put("use", "enc");
        ObjectNode none = jwk.toJson().put("alg", "none");
        ObjectNode ops = jwk.toJson();
        ops.putArray("key_ops").add("encrypt");
        ObjectNode wrongKid = jwk.toJson().put("kid", "my-key");
        Jwk other = Jwk.of(Ed25519Keys.keyPair(Ed25519Keys.newSeed()).getPublic());

        for (ObjectNode unfit : List.of(enc, none, ops)) {
            JwkSet keys = JwkSet.parse(set(unfit, other.toJson()));
            assertThat(keys.keys()).extracting(Jwk::kid).containsExactly(other.kid());
            assertThatThrownBy(() -> DetachedJws.verifyDigest(jws, digest, keys)).as(unfit.toString())
                    .hasMessageStartingWith("the published key " + jwk.kid() + " is not for EdDSA signatures: ");
        }
        assertThat(JwkSet.parse(set(enc, other.toJson())).notForSignatures())
                .containsEntry(jwk.kid(), "published for use \"enc\", not \"sig\"");
        assertThat(JwkSet.parse(set(none, other.toJson())).notForSignatures())
                .containsEntry(jwk.kid(), "published for alg \"none\", not \"EdDSA\"");
        assertThat(JwkSet.parse(set(wrongKid, other.toJson())).notForSignatures())
                .containsEntry("my-key", "its kid is not the key's RFC 7638 thumbprint");

        assertThatThrownBy(() -> JwkSet.parse(set(enc)))
                .hasMessage("the key set holds no Ed25519 key for EdDSA signatures (" + jwk.kid()
                        + ": published for use \"enc\", not \"sig\")");
    }

    @Test
    void aKeySetThatIsNotIJsonIsRefused() {
        String good = new String(set(jwk.toJson()), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JwkSet.parse((good + " x").getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("the key set is not I-JSON: content after the JSON value");
        assertThatThrownBy(() -> JwkSet.parse("{\"keys\": [".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("the key set is not JSON: ");
        assertThatThrownBy(() -> JwkSet.parse("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the key set has no \"keys\" array");
    }
}
