package dev.candor.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.ledger.domain.Integrator;
import dev.candor.testsupport.PostgresTestResource;
import dev.candor.testsupport.TestTokens;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.merkle.ProofVerifier;
import dev.candor.verifier.merkle.Rfc6962;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.candor.ledger.DisclosureResourceTest.CLAIM_TO_INSURER;
import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static dev.candor.ledger.LedgerStatsTest.fullCheck;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class TransparencyLogTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Integrator integrator;

    static List<NoteVerifier> verifierKeys() {
        String keys = given().when().get("/api/v1/log/keys").then().statusCode(200).extract().asString();
        return keys.lines().filter(l -> !l.isBlank()).map(NoteVerifier::parse).toList();
    }

    static List<byte[]> hashes(JsonPath json, String path) {
        return json.getList(path, String.class).stream().map(h -> Base64.getDecoder().decode(h)).toList();
    }

    @Test
    void waitTrueAnswersWithAnInclusionProofAgainstASignedCheckpoint() throws Exception {
        JsonPath recorded = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true)
                .when().post("/api/v1/disclosures")
                .then().statusCode(201)
                .body("integrated", equalTo(true))
                .body("checkpoint", startsWith("candor.dev/ledger/local\n"))
                .extract().jsonPath();

        Checkpoint checkpoint = Checkpoint.open(recorded.getString("checkpoint"), verifierKeys());
        long index = recorded.getLong("leafIndex");
        assertThat(recorded.getLong("proof.treeSize")).isEqualTo(checkpoint.size());
        ProofVerifier.verifyInclusion(index, checkpoint.size(),
                Base64.getDecoder().decode(recorded.getString("leafHash")), hashes(recorded, "proof.hashes"),
                checkpoint.rootHash());
    }

    @Test
    void anEntryWithItsProofVerifiesOfflineFromContentToCheckpoint() throws Exception {
        String id = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201).extract().path("id");

        JsonPath entry = given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("proof", true)
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200).extract().jsonPath();

        byte[] salt = Base64.getDecoder().decode(entry.getString("salt"));
        byte[] leafData = Base64.getDecoder().decode(entry.getString("leafData"));
        String content = given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("proof", true)
                .get("/api/v1/disclosures/{id}", id).then().extract().jsonPath().prettify();
        // The commitment in the leaf is SHA-256(salt ‖ canonical content).
        com.fasterxml.jackson.databind.JsonNode node;
        try {
            node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(content).get("content");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        byte[] commitment = dev.candor.ledger.domain.LeafCodec.commitment(salt,
                dev.candor.verifier.json.CanonicalJson.canonicalBytes(node));
        assertThat(new String(leafData)).contains(Base64.getEncoder().encodeToString(commitment));
        // Alice's own part (who, how, her decision) is one the content commits to
        com.fasterxml.jackson.databind.JsonNode parts = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(content).get("parts");
        assertThat(LedgerLeaf.checkParts(node, parts)).isEqualTo(1);
        assertThat(Rfc6962.leafHash(leafData)).isEqualTo(Base64.getDecoder().decode(entry.getString("leafHash")));

        Checkpoint checkpoint = Checkpoint.open(entry.getString("checkpoint"), verifierKeys());
        ProofVerifier.verifyInclusion(entry.getLong("leafIndex"), checkpoint.size(), Rfc6962.leafHash(leafData),
                hashes(entry, "proof.hashes"), checkpoint.rootHash());
    }

    @Test
    void aListingWithProofsAtATreeSizeProvesEveryEntryInsideItAndNothingBeyond() throws Exception {
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                    .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201);
        }
        Checkpoint checkpoint = Checkpoint.open(given().get("/api/v1/log/checkpoint").then().statusCode(200)
                .extract().asString(), verifierKeys());
        // recorded after the checkpoint was read: beyond its tree size, so never in this listing
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .post("/api/v1/disclosures").then().statusCode(201);

        String body = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .queryParam("subject", "pat-alice").queryParam("proofsAt", checkpoint.size())
                .queryParam("limit", 1000)
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).extract().asString();
        JsonPath page = JsonPath.from(body);
        // the listing writes `next` before the items, so a client reading it as a stream can ask for the next page
        assertThat(body).startsWith("{\"next\":");

        List<Long> indexes = page.getList("items.leafIndex", Long.class);
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(3).allMatch(i -> i < checkpoint.size());
        for (int i = 0; i < indexes.size(); i++) {
            String item = "items[" + i + "].";
            assertThat(page.getLong(item + "proof.treeSize")).isEqualTo(checkpoint.size());
            if (!page.getBoolean(item + "erased")) { // another test erases one of Alice's entries
                assertThat(page.getString(item + "salt")).isNotBlank();
            }
            byte[] leafData = Base64.getDecoder().decode(page.getString(item + "leafData"));
            ProofVerifier.verifyInclusion(indexes.get(i), checkpoint.size(), Rfc6962.leafHash(leafData),
                    hashes(page, item + "proof.hashes"), checkpoint.rootHash());
            JsonNode listed = JSON.readTree(body).get("items").get(i);
            if (!listed.get("erased").asBoolean()) {
                // the content is passed on as stored, not re-serialised: it must still be what the leaf commits to
                assertThat(LedgerLeaf.commitment(Base64.getDecoder().decode(listed.get("salt").asText()),
                        listed.get("content"))).isEqualTo(LedgerLeaf.commitmentOf(leafData));
            }
        }
    }

    @Test
    void proofsAtBeyondTheSignedTreeIsABadRequest() {
        given().auth().oauth2(TestTokens.regulator("rita")).queryParam("proofsAt", Long.MAX_VALUE / 2)
                .when().get("/api/v1/disclosures")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("proofsAt"));
    }

    @Test
    void consistencyProofsLinkEveryCheckpointToTheLatest() throws Exception {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201);
        Checkpoint older = Checkpoint.open(given().get("/api/v1/log/checkpoint").then().statusCode(200)
                .extract().asString(), verifierKeys());
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                    .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201);
        }
        Checkpoint newer = Checkpoint.open(given().get("/api/v1/log/checkpoint").then().extract().asString(),
                verifierKeys());
        JsonPath proof = given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", older.size()).queryParam("to", newer.size())
                .when().get("/api/v1/log/proofs/consistency")
                .then().statusCode(200).extract().jsonPath();
        ProofVerifier.verifyConsistency(older.size(), newer.size(), hashes(proof, "hashes"), older.rootHash(),
                newer.rootHash());

        given().auth().oauth2(TestTokens.regulator("rita")).queryParam("from", 1).queryParam("to", newer.size() + 100)
                .when().get("/api/v1/log/proofs/consistency")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("to"));
    }

    @Test
    void inclusionByLeafHashFindsTheSameProof() throws Exception {
        JsonPath recorded = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201).extract().jsonPath();
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .queryParam("leafHash", recorded.getString("leafHash"))
                .queryParam("treeSize", recorded.getLong("proof.treeSize"))
                .when().get("/api/v1/log/proofs/inclusion")
                .then().statusCode(200)
                .body("leafIndex", equalTo(recorded.getInt("leafIndex")))
                .body("hashes", equalTo(recorded.getList("proof.hashes")));
        given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("leafHash", "not base64!")
                .when().get("/api/v1/log/proofs/inclusion")
                .then().statusCode(400).body("errors[0].field", equalTo("leafHash"));
        given().when().get("/api/v1/log/proofs/inclusion?index=0").then().statusCode(401);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheOriginalAndAnotherBodyIsRefused() throws Exception {
        String key = "claim-" + System.nanoTime();
        JsonPath first = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(CLAIM_TO_INSURER).post("/api/v1/disclosures").then().statusCode(201).extract().jsonPath();
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(CLAIM_TO_INSURER)
                .when().post("/api/v1/disclosures")
                .then().statusCode(201)
                .body("id", equalTo(first.getString("id")))
                .body("leafIndex", equalTo(first.getInt("leafIndex")));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(CLAIM_TO_INSURER.replace("\"recordCount\": 1", "\"recordCount\": 2"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Inject
    javax.sql.DataSource dataSource;

    @Test
    void aSessionIdleInsideATransactionIsEndedSoNoReplicaHoldsTheCounterForever() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW idle_in_transaction_session_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("2min");
        }
    }

    @Test
    void aKeyUsedForOneShapeOfRequestIsRefusedForAnother() {
        String single = "single-" + System.nanoTime();
        post("/api/v1/disclosures", single, CLAIM_TO_INSURER).then().statusCode(201);
        post("/api/v1/disclosures/batch", single, batchOf(2)).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString(single));

        String pair = "pair-" + System.nanoTime();
        post("/api/v1/disclosures/batch", pair, batchOf(2)).then().statusCode(201);
        post("/api/v1/disclosures", pair, CLAIM_TO_INSURER).then().statusCode(422);
        post("/api/v1/disclosures/batch", pair, batchOf(1)).then().statusCode(422);

        // A shortened retry must not quietly answer with part of the original, nor a longer one record more.
        String triple = "triple-" + System.nanoTime();
        post("/api/v1/disclosures/batch", triple, batchOf(3)).then().statusCode(201);
        post("/api/v1/disclosures/batch", triple, batchOf(2)).then().statusCode(422);
        post("/api/v1/disclosures/batch", triple, batchOf(4)).then().statusCode(422);

        // A batch of one is a batch: its retry is answered with the original.
        String one = "one-" + System.nanoTime();
        String id = post("/api/v1/disclosures/batch", one, batchOf(1)).then().statusCode(201)
                .extract().path("[0].id");
        post("/api/v1/disclosures/batch", one, batchOf(1)).then().statusCode(201).body("[0].id", equalTo(id));
        post("/api/v1/disclosures", one, CLAIM_TO_INSURER).then().statusCode(422);
    }

    @Test
    void aSingleAndABatchRacingUnderOneKeyAreNeverBothRecorded() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> singles = new ArrayList<>();
        List<Future<Integer>> batches = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String key = "shapes-" + i + "-" + System.nanoTime();
            singles.add(pool.submit(() -> post("/api/v1/disclosures", key, CLAIM_TO_INSURER).statusCode()));
            batches.add(pool.submit(() -> post("/api/v1/disclosures/batch", key, batchOf(2)).statusCode()));
        }
        for (int i = 0; i < singles.size(); i++) {
            assertThat(List.of(singles.get(i).get(), batches.get(i).get())).as("key " + i)
                    .containsExactlyInAnyOrder(201, 422);
        }
        pool.shutdown();
    }

    @Test
    void retriesRacingTheirOriginalAreAllAnsweredWithTheOneEntry() throws Exception {
        String key = "race-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            answers.add(pool.submit(() -> post("/api/v1/disclosures", key, CLAIM_TO_INSURER)
                    .then().statusCode(201).extract().<String>path("id")));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : answers) {
            ids.add(f.get());
        }
        pool.shutdown();
        assertThat(ids).containsOnly(ids.get(0));
        try (Connection c = superuser(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM entry WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    private static io.restassured.response.Response post(String path, String key, String body) {
        return given().auth().oauth2(billingJob()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).when().post(path);
    }

    private static String batchOf(int entries) {
        return "{\"entries\": [" + String.join(",", Collections.nCopies(entries, CLAIM_TO_INSURER)) + "]}";
    }

    @Test
    void manyParallelAppendersGetContiguousIndexesWithoutLossOrDuplicates() throws Exception {
        String token = billingJob();
        int appends = 200;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Integer>> indexes = new ArrayList<>();
        for (int i = 0; i < appends; i++) {
            indexes.add(pool.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(CLAIM_TO_INSURER).post("/api/v1/disclosures").then().statusCode(201)
                    .extract().<Integer>path("leafIndex")));
        }
        List<Integer> got = new ArrayList<>();
        for (Future<Integer> f : indexes) {
            got.add(f.get());
        }
        pool.shutdown();
        assertThat(got).doesNotHaveDuplicates().hasSize(appends);
        try (Connection c = superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), min(leaf_index), max(leaf_index) FROM entry")) {
            rs.next();
            assertThat(rs.getLong(3) - rs.getLong(2) + 1).as("no gaps").isEqualTo(rs.getLong(1));
        }
    }

    @Test
    void batchesAreRecordedAllOrNothing() throws Exception {
        String batch = "{\"entries\": [" + CLAIM_TO_INSURER + "," + CLAIM_TO_INSURER + "]}";
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(batch)
                .when().post("/api/v1/disclosures/batch")
                .then().statusCode(201)
                .body("size()", equalTo(2));
        String badSecond = "{\"entries\": [" + CLAIM_TO_INSURER + ","
                + CLAIM_TO_INSURER.replace("\"purposeStatement\": \"Payment of a claim for services rendered\",", "")
                + "]}";
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(badSecond)
                .when().post("/api/v1/disclosures/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("entries[1].purposeStatement"));
        // The ledger's own rules between fields name the entry the same way.
        String futureSecond = "{\"entries\": [" + CLAIM_TO_INSURER + ","
                + CLAIM_TO_INSURER.replace("2026-10-01T09:30:00Z", "2099-01-01T00:00:00Z") + "]}";
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(futureSecond)
                .when().post("/api/v1/disclosures/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("entries[1].occurredAt"));
    }

    @Test
    void aBatchRetryWithOneEntryChangedNamesThatEntrysKey() {
        String key = "batch-" + System.nanoTime();
        String batch = "{\"entries\": [" + CLAIM_TO_INSURER + "," + CLAIM_TO_INSURER + "]}";
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).header("Idempotency-Key", key).body(batch)
                .when().post("/api/v1/disclosures/batch").then().statusCode(201);
        String secondChanged = "{\"entries\": [" + CLAIM_TO_INSURER + ","
                + CLAIM_TO_INSURER.replace("\"recordCount\": 1", "\"recordCount\": 2") + "]}";
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(secondChanged)
                .when().post("/api/v1/disclosures/batch")
                .then().statusCode(422).body("detail", containsString(key + "#1"));
    }

    @Test
    void fullBatchesAreRecordedOnEitherSideOfTheInputBuffer() {
        // ~0.6 MB is read whole and parsed on the event loop; ~2.6 MB is past the 2 MB input buffer and is read on a
        // worker thread (application.properties). Either way all 1,000 entries are recorded.
        for (int descriptionLength : new int[]{100, 2_000}) {
            String entry = CLAIM_TO_INSURER.replace("Claim for psychotherapy session (CPT 90834) on 2026-09-30",
                    "d".repeat(descriptionLength));
            String batch = "{\"entries\": [" + String.join(",", Collections.nCopies(1_000, entry)) + "]}";
            assertThat(batch.length()).isBetween(descriptionLength == 100 ? 300_000 : 2_100_000,
                    descriptionLength == 100 ? 2_000_000 : 8_000_000);
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(batch)
                    .when().post("/api/v1/disclosures/batch")
                    .then().statusCode(201)
                    .body("size()", equalTo(1_000));
        }
    }

    @Test
    void theServicesRoleCannotChangeOrDeleteAnything() throws Exception {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201);
        try (Connection owner = superuser(); Statement s = owner.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE entry SET purpose = 'TREAT'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM checkpoint"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        try (Connection app = appRole(); Statement s = app.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE entry SET purpose = 'TREAT'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("ALTER TABLE entry DISABLE TRIGGER USER"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void erasureBlanksThePlaintextAndEveryProofStaysValid() throws Exception {
        String key = "erased-" + System.nanoTime();
        JsonPath recorded = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .header("Idempotency-Key", key)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201).extract().jsonPath();
        String id = recorded.getString("id");
        given().auth().oauth2(TestTokens.patient("pat-alice")).contentType(ContentType.JSON)
                .body("{\"reason\": \"retention ended\"}")
                .when().post("/api/v1/admin/disclosures/{id}/erasure", id)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.admin("adam")).contentType(ContentType.JSON)
                .body("{\"reason\": \"retention period ended\"}")
                .when().post("/api/v1/admin/disclosures/{id}/erasure", id)
                .then().statusCode(200).body("erased", equalTo(true));

        JsonPath after = given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("proof", true)
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200).body("erased", equalTo(true)).extract().jsonPath();
        assertThat(after.getString("content")).isNull();
        assertThat(after.getList("parts")).as("the subjects' parts are plaintext too").isNull();
        Checkpoint checkpoint = Checkpoint.open(after.getString("checkpoint"), verifierKeys());
        ProofVerifier.verifyInclusion(after.getLong("leafIndex"), checkpoint.size(),
                Base64.getDecoder().decode(after.getString("leafHash")), hashes(after, "proof.hashes"),
                checkpoint.rootHash());
        fullCheck().body("ok", equalTo(true));
        // The request's hash is unsalted: kept, it would confirm a guess of the erased text.
        try (Connection c = superuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT request_sha256 FROM entry WHERE leaf_index = " + after.getLong("leafIndex"))) {
            rs.next();
            assertThat(rs.getBytes(1)).isNull();
        }
        // A retry under the erased entry's key records nothing new.
        post("/api/v1/disclosures", key, CLAIM_TO_INSURER).then().statusCode(422);
    }

    @Test
    void theFullCheckNamesARowAlteredBehindTheLedgersBack() throws Exception {
        JsonPath recorded = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201).extract().jsonPath();
        fullCheck().body("ok", equalTo(true));
        long index = recorded.getLong("leafIndex");
        behindTheLedgersBack("entry", "UPDATE entry SET content = jsonb_set(content, '{disclosure,purpose}',"
                + " '\"TREAT\"') WHERE leaf_index = " + index);
        fullCheck()
                .body("ok", equalTo(false))
                .body("firstBadLeafIndex", equalTo((int) index))
                .body("problem", equalTo("the entry's content does not match its commitment"));
        // Put it back, so the other tests see a sound log.
        behindTheLedgersBack("entry", "UPDATE entry SET content = jsonb_set(content, '{disclosure,purpose}',"
                + " '\"HPAYMT\"') WHERE leaf_index = " + index);
    }

    @Test
    void theFullCheckNamesAPartAlteredAndASubjectSlippedIn() throws Exception {
        long index = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201).extract().jsonPath()
                .getLong("leafIndex");
        String swapSubject = "UPDATE entry SET parts = jsonb_set(parts::jsonb, '{0,subject}', '\"%s\"')::text"
                + " WHERE leaf_index = " + index;
        behindTheLedgersBack("entry", swapSubject.formatted("PATIENT:pat-mallory"));
        fullCheck()
                .body("ok", equalTo(false))
                .body("firstBadLeafIndex", equalTo((int) index))
                .body("problem", equalTo("the entry's parts do not match the commitments its content lists"));
        behindTheLedgersBack("entry", swapSubject.formatted("PATIENT:pat-alice"));
        // inserts pass the triggers: the index of whom an entry is about must agree with its parts
        behindTheLedgersBack("entry_subject",
                "INSERT INTO entry_subject VALUES (" + index + ", 'PATIENT', 'pat-mallory', 'SUBJECT')");
        fullCheck()
                .body("ok", equalTo(false))
                .body("firstBadLeafIndex", equalTo((int) index))
                .body("problem", equalTo("the entry's parts do not name the subjects it is indexed under"));
        behindTheLedgersBack("entry_subject",
                "DELETE FROM entry_subject WHERE leaf_index = " + index + " AND subject_id = 'pat-mallory'");
        fullCheck().body("ok", equalTo(true));
    }

    @Test
    void anIntegratorKilledMidBatchLeavesATreeTheNextOneExtends() throws Exception {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201);
        Checkpoint before = Checkpoint.open(given().get("/api/v1/log/checkpoint").then().extract().asString(),
                verifierKeys());
        // A dying integrator: it took the lock, wrote nodes of a bigger tree, and never committed.
        try (Connection dying = superuser()) {
            dying.setAutoCommit(false);
            try (Statement s = dying.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + 0x63616e646f72L + ")");
                s.executeUpdate("INSERT INTO tree_node (level, node_index, hash) VALUES (30, 0, '\\x00')");
            }
            // killed: the connection goes away without a commit
        }
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201);
        Checkpoint after = Checkpoint.open(given().get("/api/v1/log/checkpoint").then().extract().asString(),
                verifierKeys());
        assertThat(after.size()).isGreaterThan(before.size());
        JsonPath proof = given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", before.size()).queryParam("to", after.size())
                .get("/api/v1/log/proofs/consistency").then().statusCode(200).extract().jsonPath();
        ProofVerifier.verifyConsistency(before.size(), after.size(), hashes(proof, "hashes"), before.rootHash(),
                after.rootHash());
        fullCheck().body("ok", equalTo(true));
        assertThat(Arrays.asList(integrator.integrateOnce().isPresent())).isNotNull();
    }

    /** Changes a ledger table behind the ledger's back: as the superuser, with its append-only triggers off. */
    static void behindTheLedgersBack(String table, String sql) throws SQLException {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " DISABLE TRIGGER USER");
            s.executeUpdate(sql);
            s.execute("ALTER TABLE " + table + " ENABLE TRIGGER USER");
        }
    }

    static Connection superuser() throws SQLException {
        return PostgresTestResource.server().superuser(PostgresTestResource.currentDatabase());
    }

    static Connection appRole() throws SQLException {
        String url = PostgresTestResource.server().jdbcUrl(PostgresTestResource.currentDatabase());
        return java.sql.DriverManager.getConnection(url,
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class),
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class));
    }
}
