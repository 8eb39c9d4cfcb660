package dev.candor.ledger;

import dev.candor.ledger.domain.CheckpointSigner;
import dev.candor.ledger.domain.Integrator;
import dev.candor.ledger.domain.TestSigners;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import dev.candor.verifier.note.NoteSigner;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.candor.ledger.DisclosureResourceTest.CLAIM_TO_INSURER;
import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static dev.candor.ledger.LedgerStatsTest.fullCheck;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A signing key rotation as docs/ledger.md describes it: the service runs after the rotation (the new key signs, the
 * old one is retired), over checkpoints the old key alone signed before it.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.AfterTheRotation.class)
class KeyRotationTest {

    static final NoteSigner OLD = NoteSigner.fromSeed("candor-ledger-2025", seed(1));
    static final NoteSigner NEW = NoteSigner.fromSeed("candor-ledger-2026", seed(2));

    /** The new key signs, the old one is retired; only the test integrates, so it knows who signed what. */
    public static class AfterTheRotation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("candor.ledger.signing.keys", NEW.signerKey(),
                    "candor.ledger.signing.retired-verifier-keys", OLD.verifier().verifierKey(),
                    "candor.ledger.integration.enabled", "false");
        }
    }

    @Inject
    Integrator integrator;

    @Inject
    CheckpointSigner signer;

    static byte[] seed(int b) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) b);
        return seed;
    }

    /** Records an entry and signs a checkpoint over it; the checkpoint's tree size. */
    long appendAndSign() {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .post("/api/v1/disclosures").then().statusCode(201);
        return integrator.integrateOnce().orElseThrow().toSize();
    }

    static String checkpointAt(long treeSize) {
        return given().queryParam("treeSize", treeSize).get("/api/v1/log/checkpoints").then().statusCode(200)
                .extract().asString();
    }

    @Test
    void checkpointsTheRetiredKeySignedStillVerifyAndItStaysPublished() throws Exception {
        CheckpointSigner configured = ClientProxy.unwrap(signer);
        // Before the rotation the old key alone signed.
        QuarkusMock.installMockForType(TestSigners.of(configured.origin(), List.of(OLD), List.of()),
                CheckpointSigner.class);
        long first = appendAndSign();
        long second = appendAndSign();
        // After it, the service as configured: the new key signs, the old one verifies what it signed.
        QuarkusMock.installMockForType(configured, CheckpointSigner.class);
        long third = appendAndSign();

        assertThat(Checkpoint.open(checkpointAt(third), List.of(NEW.verifier())).size()).isEqualTo(third);
        assertThatThrownBy(() -> Checkpoint.open(checkpointAt(third), List.of(OLD.verifier())))
                .as("a retired key signs nothing new").isInstanceOf(NoteException.class);
        fullCheck().body("ok", equalTo(true)).body("checkpointsChecked", equalTo(3));

        String keys = given().get("/api/v1/log/keys").then().statusCode(200).extract().asString();
        assertThat(keys.lines().toList())
                .containsExactly(NEW.verifier().verifierKey(), OLD.verifier().verifierKey());
        List<dev.candor.verifier.note.NoteVerifier> published = TransparencyLogTest.verifierKeys();
        for (long size : List.of(first, second, third)) {
            assertThat(Checkpoint.open(checkpointAt(size), published).size()).isEqualTo(size);
        }
        JsonPath json = given().accept(ContentType.JSON).get("/api/v1/log/keys").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
        assertThat(json.getList("keys.key")).containsExactly(NEW.verifier().verifierKey(),
                OLD.verifier().verifierKey());
        assertThat(json.getList("keys.name")).containsExactly("candor-ledger-2026", "candor-ledger-2025");
        assertThat(json.getList("keys.keyId")).containsExactly(NEW.verifier().keyIdHex(), OLD.verifier().keyIdHex());
        assertThat(json.getList("keys.retired")).containsExactly(false, true);

        // With the old key dropped altogether, the full check names the first checkpoint it can no longer verify.
        QuarkusMock.installMockForType(TestSigners.of(configured.origin(), List.of(NEW), List.of()),
                CheckpointSigner.class);
        fullCheck().body("ok", equalTo(false))
                .body("firstBadLeafIndex", equalTo((int) first - 1))
                .body("problem", startsWith("the checkpoint of size " + first + " does not verify"));
    }
}
