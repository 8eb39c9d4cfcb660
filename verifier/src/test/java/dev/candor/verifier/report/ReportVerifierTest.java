package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.jws.DetachedJws;
import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.merkle.InMemoryTree;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteSigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static dev.candor.verifier.report.GenuineReports.JSON;
import static dev.candor.verifier.report.GenuineReports.ROGUE;
import static dev.candor.verifier.report.GenuineReports.ROGUE_JWK;
import static dev.candor.verifier.report.GenuineReports.bytes;
import static dev.candor.verifier.report.GenuineReports.entries;
import static dev.candor.verifier.report.GenuineReports.entry;
import static dev.candor.verifier.report.GenuineReports.load;
import static dev.candor.verifier.report.GenuineReports.resignAndVerify;
import static dev.candor.verifier.report.GenuineReports.verifyGenuine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cryptographic checks of a report — signature, checkpoint, entry list, every leaf and inclusion proof, the parts
 * of an entry about several people, consistency with a saved checkpoint — on reports report-service produced
 * ({@link GenuineReports}), each tampered with in a way a reader must catch. What the report shows people is
 * {@link ReportPresentationTest}'s.
 */
class ReportVerifierTest {

    static final String ALICE = "alice.json";

    @Test
    void genuineReportsVerifyAndSayWhatTheyCouldNotCheck() {
        ReportVerifier.Verdict alice = verifyGenuine(bytes(ALICE));
        assertThat(alice.failures()).isEmpty();
        assertThat(alice.passed())
                .anyMatch(l -> l.startsWith("signature: EdDSA by report key ")
                        && l.endsWith(" over the SHA-256 of the canonical report"))
                .contains("entries: 8, as committed", "log: origin, treeSize and rootHash are the signed checkpoint's",
                        "inclusion: 8 of 8 entries proven in tree size 10 (1 erased: leaf only)",
                        "entries: what each shows — recipient, purpose, categories, dates inside the period, flags,"
                                + " decision, sentence — follows from its committed content",
                        "presentation: groups, highlights, consent coverage and summary counts follow from the"
                                + " entries");
        // the entry settled after it was recorded, the erased one, and the backdated entry of 2021 between two of
        // Alice's listed entries: named, not failed
        assertThat(alice.warnings()).hasSize(3);
        assertThat(alice.warnings().get(0)).startsWith("entry 3 (leaf 4): not in the log's commitment, so only the"
                + " report's signature vouches for it: flags [\"UNAUTHORIZED\"] (recorded [\"UNDECIDED\"], settled"
                + " later); decision DENY (NONE) for PATIENT:pat-alice, which the log does not commit to");
        assertThat(alice.warnings().get(1)).startsWith("entry 4 (leaf 5): erased, its content cannot be checked");
        assertThat(alice.warnings().get(2)).startsWith("entry 7 (leaf 9): PATIENT:pat-alice's previous entry in the"
                + " log is leaf 8, which this report does not list");

        ReportVerifier.Verdict tom = verifyGenuine(bytes("tom.json"));
        assertThat(tom.failures()).isEmpty();
        assertThat(tom.warnings()).isEmpty();
        ReportVerifier.Verdict platform = verifyGenuine(bytes("platform.json"));
        assertThat(platform.failures()).isEmpty();
        assertThat(platform.warnings()).singleElement().asString().startsWith("entry 2 (leaf 4): not in the log's");
    }

    @Test
    void oneChangedPayloadByteBreaksTheSignatureAndTheCommitment() {
        byte[] report = bytes(ALICE);
        String text = new String(report, StandardCharsets.UTF_8);
        int at = text.indexOf("\"purpose\":\"RATE_NEGOTIATION\""); // leaf 2's content comes before what it shows
        report[at + 11] = 'X'; // "XATE_NEGOTIATION"

        ReportVerifier.Verdict verdict = verifyGenuine(report);

        assertThat(verdict.verified()).isFalse();
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("signature: the signature does not match"))
                .anyMatch(f -> f.equals("entry 2 (leaf 2): content does not match the leaf's commitment"));
    }

    @Test
    void aDroppedEntryIsDetected() {
        ObjectNode report = load(ALICE);
        entries(report).remove(1);

        ReportVerifier.Verdict verdict = verifyGenuine(CanonicalJson.canonicalBytes(report));

        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("signature:"))
                .anyMatch(f -> f.equals("entries: 7 listed, but the report commits to 8"));
    }

    @Test
    void aSwappedProofIsDetected() {
        ObjectNode report = load(ALICE);
        JsonNode first = entry(report, 0).get("proof");
        entry(report, 0).set("proof", entry(report, 1).get("proof"));
        entry(report, 1).set("proof", first);

        ReportVerifier.Verdict verdict = resignAndVerify(report);

        assertThat(verdict.failures()).hasSize(2).anyMatch(f -> f.startsWith("entry 0 (leaf 0): "))
                .anyMatch(f -> f.startsWith("entry 1 (leaf 1): "));
    }

    @Test
    void aProofHashThatIsNotBase64IsNamed() {
        ObjectNode report = load(ALICE);
        ((ArrayNode) entry(report, 0).get("proof")).set(0, "not base64!");

        assertThat(resignAndVerify(report).failures())
                .containsExactly("entry 0 (leaf 0): proof: \"not base64!\" is not base64");
    }

    @Test
    void aReportSignedByAnUnpublishedKeyFails() {
        ObjectNode report = load(ALICE);
        String publishedKid = GenuineReports.publishedKeys().keys().get(0).kid();
        ReportSigning.sign(report, ROGUE.getPrivate(), publishedKid); // claims the published kid

        assertThat(verifyGenuine(CanonicalJson.canonicalBytes(report)).failures())
                .containsExactly("signature: the signature does not match the payload (key " + publishedKid + ")");
    }

    @Test
    void aCheckpointSignedByAnUntrustedKeyFails() {
        ReportVerifier.Verdict verdict = ReportVerifier.verify(bytes(ALICE), GenuineReports.publishedKeys(),
                List.of(NoteSigner.generate("candor.test/ledger").verifier()), null);

        assertThat(verdict.failures()).singleElement().asString().startsWith("checkpoint: ");
    }

    @Test
    void theSignatureIsOverTheDigestAndSaysSoInACriticalHeader() throws Exception {
        String header = new String(Base64.getUrlDecoder().decode(load(ALICE).path("jws").asText().split("\\.")[0]),
                StandardCharsets.UTF_8);

        assertThat(JSON.readTree(header).path("crit").toString()).isEqualTo("[\"candor-prehash\"]");
        assertThat(JSON.readTree(header).path("candor-prehash").asText()).isEqualTo("SHA-256");
    }

    @Test
    void aFirstFormatReportSignedOverThePayloadItselfStillVerifies() {
        ObjectNode report = load(ALICE);
        report.remove("jws");
        report.put("format", ReportVerifier.FORMAT_1);
        report.put("jws", DetachedJws.sign(ROGUE.getPrivate(), ROGUE_JWK.kid(), ReportSigning.payload(report)));

        assertThat(ReportVerifier.verify(CanonicalJson.canonicalBytes(report), new JwkSet(List.of(ROGUE_JWK)),
                GenuineReports.logKeys(), null).failures()).isEmpty();
    }

    @Test
    void aSignatureOfOneFormCannotPassAsTheOther() {
        // a pre-hashed JWS in a report claiming the first format: refused, not checked over the wrong bytes
        ObjectNode prehashedAsFirst = load(ALICE);
        prehashedAsFirst.put("format", ReportVerifier.FORMAT_1);
        assertThat(resignAndVerify(prehashedAsFirst).failures())
                .containsExactly("signature: critical header parameters are not supported");

        // a JWS over the payload itself in a report claiming the second format: refused
        ObjectNode plainAsSecond = load(ALICE);
        plainAsSecond.remove("jws");
        plainAsSecond.put("jws", DetachedJws.sign(ROGUE.getPrivate(), ROGUE_JWK.kid(),
                ReportSigning.payload(plainAsSecond)));
        assertThat(ReportVerifier.verify(CanonicalJson.canonicalBytes(plainAsSecond),
                new JwkSet(List.of(ROGUE_JWK)), GenuineReports.logKeys(), null).failures())
                .singleElement().asString().startsWith("signature: the JWS is not pre-hashed with SHA-256");
    }

    // ------------------------------------------------------------------------ entries about several people

    @Test
    void aReportAboutOneSubjectMustShowThatSubjectsPartOfEveryEntry() {
        // Alice's report passed off as Bob's: Alice's parts prove nothing about him; the first-format entry does not
        // name him; the erased entry cannot say (a warning says so)
        ObjectNode report = load(ALICE);
        ((ObjectNode) report.get("subject")).put("id", "pat-bob");

        ReportVerifier.Verdict verdict = resignAndVerify(report);

        assertThat(verdict.failures()).contains(
                "entry 0 (leaf 0): the entry does not show the part of PATIENT:pat-bob, so nothing proves it is about"
                        + " them",
                "entry 2 (leaf 2): the entry does not show the part of PATIENT:pat-bob, so nothing proves it is about"
                        + " them",
                "entry 6 (leaf 7): the entry's content does not name PATIENT:pat-bob, so nothing proves it is about"
                        + " them");
        assertThat(verdict.warnings()).anyMatch(w -> w.startsWith("entry 4 (leaf 5): erased")
                && w.contains("nothing shows it is about PATIENT:pat-bob"));
    }

    @Test
    void aSecondFormatEntryWhosePartWasAlteredFailsNamingTheEntry() {
        ObjectNode report = load(ALICE);
        ((ObjectNode) entry(report, 2).at("/parts/0/part/decision")).put("outcome", "PERMIT"); // what Alice is shown

        ReportVerifier.Verdict verdict = resignAndVerify(report);

        assertThat(verdict.failures()).containsExactly(
                "entry 2 (leaf 2): part 0 (PATIENT:pat-alice) is not one the entry commits to");
        assertThat(verdict.passed()).contains("inclusion: 7 of 8 entries proven in tree size 10 (1 erased: leaf only)");
    }

    /** The salt the ledger stores for an entry of the generated fixtures; reports never show it. */
    static byte[] storedSalt(long leaf) {
        return ("stored salt " + leaf + " ......................").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFixturesStoredSaltsAreWhatTheEntrySaltsComeFrom() {
        assertThat(entry(load(ALICE), 2).get("salt").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(LedgerLeaf.entrySalt(storedSalt(2))));
    }

    @Test
    void aSecondFormatEntryShownWithTheStoredSaltInsteadOfTheEntrySaltFails() {
        ObjectNode report = load(ALICE);
        entry(report, 2).put("salt", Base64.getEncoder().encodeToString(storedSalt(2)));

        assertThat(resignAndVerify(report).failures())
                .containsExactly("entry 2 (leaf 2): content does not match the leaf's commitment");
    }

    @Test
    void aSecondFormatEntryWithAPartSaltNotFromTheStoredSaltOrAPartGivenTwiceFails() {
        ObjectNode report = load(ALICE);
        byte[] entrySalt = Base64.getDecoder().decode(entry(report, 2).get("salt").asText());
        ((ObjectNode) entry(report, 2).at("/parts/0")).put("salt", Base64.getEncoder().encodeToString(
                LedgerLeaf.partSalt(entrySalt, "PATIENT:pat-alice"))); // from the entry salt
        assertThat(resignAndVerify(report).failures()).containsExactly(
                "entry 2 (leaf 2): part 0 (PATIENT:pat-alice) is not one the entry commits to");

        ObjectNode twice = load(ALICE);
        ArrayNode parts = (ArrayNode) entry(twice, 2).get("parts");
        parts.add(parts.get(0).deepCopy());
        assertThat(resignAndVerify(twice).failures()).containsExactly("entry 2 (leaf 2): part 1 is given twice");
    }

    @Test
    void aFirstFormatEntryCarryingPartsFails() {
        ObjectNode report = load(ALICE);
        entry(report, 7).set("parts", entry(report, 2).get("parts").deepCopy());

        assertThat(resignAndVerify(report).failures())
                .containsExactly("entry 6 (leaf 7): parts given with an entry that has none");
    }

    // ------------------------------------------------------------------------ I-JSON only

    @Test
    void aDuplicateKeyIsRefusedSoAFirstWinsReaderCannotBeShownOtherMembers() {
        String text = new String(bytes(ALICE), StandardCharsets.UTF_8);

        // doctored members before the genuine ones: Jackson (last wins) would check the genuine report, SQLite and
        // other first-wins readers would show the doctored summary and list
        String doctored = "{\"summary\":[\"2 disclosures about you; none was unauthorized.\"],\"entryCount\":2,"
                + text.substring(1);
        assertThat(verifyGenuine(doctored.getBytes(StandardCharsets.UTF_8)).failures())
                .singleElement().asString().startsWith("report: duplicate key \"");
        // a plain duplicate at the end, and one deep inside an entry
        String appended = text.substring(0, text.length() - 1) + ",\"entryCount\":5}";
        assertThat(verifyGenuine(appended.getBytes(StandardCharsets.UTF_8)).failures())
                .singleElement().asString().startsWith("report: duplicate key \"entryCount\" (line 1, column ");
        String inEntry = text.replaceFirst("\"leafIndex\":2,", "\"leafIndex\":2,\"leafIndex\":2,");
        assertThat(inEntry).isNotEqualTo(text);
        assertThat(verifyGenuine(inEntry.getBytes(StandardCharsets.UTF_8)).failures())
                .singleElement().asString().startsWith("report: duplicate key \"leafIndex\"");
    }

    @Test
    void contentAfterTheReportIsRefused() {
        String text = new String(bytes(ALICE), StandardCharsets.UTF_8);
        for (String trailing : List.of(" garbage", "{\"x\":1}", "\n{\"x\":1}\n", "]")) {
            assertThat(verifyGenuine((text + trailing).getBytes(StandardCharsets.UTF_8)).failures()).as(trailing)
                    .singleElement().asString().startsWith("report: content after the JSON value");
        }
        // white space after the value is not content
        assertThat(verifyGenuine((text + "\r\n  \n").getBytes(StandardCharsets.UTF_8)).failures()).isEmpty();
    }

    @Test
    void aStringWhereANumberBelongsFailsEvenWhenSigned() {
        ObjectNode leafAsString = load(ALICE);
        entry(leafAsString, 0).put("leafIndex", "0");
        assertThat(resignAndVerify(leafAsString).failures())
                .containsExactly("entry 0: leafIndex \"0\" is not a whole number");

        ObjectNode countAsString = load(ALICE);
        countAsString.put("entryCount", "8");
        assertThat(resignAndVerify(countAsString).failures())
                .containsExactly("entryCount: \"8\" is not a whole number");

        ObjectNode sizeAsString = load(ALICE);
        ((ObjectNode) sizeAsString.get("log")).put("treeSize", "10");
        assertThat(resignAndVerify(sizeAsString).failures())
                .containsExactly("log.treeSize: \"10\", but the signed checkpoint's size is 10");

        // 8.0 is the same JSON number as 8 (RFC 8785 writes both as 8): no reason to refuse it
        ObjectNode countAsDouble = load(ALICE);
        countAsDouble.put("entryCount", 8.0);
        assertThat(resignAndVerify(countAsDouble).failures()).isEmpty();
    }

    @Test
    void aJwsHeaderWithADuplicateParameterIsRefused() {
        ObjectNode report = load(ALICE);
        String[] jws = report.get("jws").asText().split("\\.", -1);
        String header = new String(Base64.getUrlDecoder().decode(jws[0]), StandardCharsets.UTF_8);
        String twice = header.substring(0, header.length() - 1) + ",\"alg\":\"none\"}"; // RFC 7515 4: must be refused
        report.put("jws", Base64.getUrlEncoder().withoutPadding().encodeToString(twice.getBytes(StandardCharsets.UTF_8))
                + ".." + jws[2]);

        assertThat(verifyGenuine(CanonicalJson.canonicalBytes(report)).failures()).singleElement().asString()
                .startsWith("signature: the JWS header is not I-JSON: duplicate key \"alg\"");
    }

    // ------------------------------------------------------------------------ a saved checkpoint

    static final String ORIGIN = "candor.example/ledger";

    /**
     * A platform-wide report listing nothing (nothing was flagged), citing the checkpoint of {@code tree} at
     * {@code size} signed by {@code log}: all that a check against a saved checkpoint needs.
     */
    static ObjectNode emptyReport(InMemoryTree tree, long size, NoteSigner log) {
        ObjectNode report = load("platform.json");
        Checkpoint checkpoint = Checkpoint.of(ORIGIN, size, tree.root(size));
        ((ObjectNode) report.get("log")).put("origin", ORIGIN).put("treeSize", size)
                .put("rootHash", checkpoint.rootHashBase64()).put("checkpoint", checkpoint.sign(List.of(log)));
        entries(report).removeAll();
        report.put("entryCount", 0);
        return report;
    }

    static ReportVerifier.Verdict verify(ObjectNode report, NoteSigner log, ReportVerifier.Saved saved) {
        return ReportVerifier.verify(GenuineReports.resign(report), new JwkSet(List.of(ROGUE_JWK)),
                List.of(log.verifier()), saved);
    }

    static InMemoryTree tree(String prefix, int size) {
        InMemoryTree tree = new InMemoryTree();
        for (int i = 0; i < size; i++) {
            tree.appendLeaf((prefix + i).getBytes(StandardCharsets.UTF_8));
        }
        return tree;
    }

    @Test
    void aCheckpointOfAForkedLogIsDetectedAgainstTheSavedOne() {
        NoteSigner log = NoteSigner.generate(ORIGIN);
        InMemoryTree tree = tree("entry ", 7);
        String saved = Checkpoint.of(ORIGIN, 7, tree.root(7)).sign(List.of(log));
        // The operator forks: same size, one entry rewritten, a new root signed with the real log key.
        InMemoryTree fork = new InMemoryTree();
        for (long i = 0; i < 7; i++) {
            if (i == 3) {
                fork.appendLeaf("rewritten".getBytes(StandardCharsets.UTF_8));
            } else {
                fork.appendLeafHash(tree.leafHash(i));
            }
        }
        ObjectNode report = emptyReport(fork, 7, log); // consistent in itself

        assertThat(verify(report, log, null).failures()).isEmpty();
        ReportVerifier.Verdict verdict = verify(report, log, new ReportVerifier.Saved(saved, List.of()));
        assertThat(verdict.failures()).anyMatch(f -> f.contains("same size, different root: a forked log"));
    }

    @Test
    void anInconsistentSavedCheckpointIsDetected() {
        NoteSigner log = NoteSigner.generate(ORIGIN);
        InMemoryTree tree = tree("entry ", 7);
        String saved = Checkpoint.of(ORIGIN, 5, tree.root(5)).sign(List.of(log));
        List<byte[]> goodProof = tree.consistencyProof(5, 7);
        ObjectNode report = emptyReport(tree, 7, log);

        assertThat(verify(report, log, new ReportVerifier.Saved(saved, goodProof)).failures()).isEmpty();

        // A saved checkpoint of size 5 from another history: the proof to the report's tree cannot hold.
        String forked = Checkpoint.of(ORIGIN, 5, tree("other ", 5).root(5)).sign(List.of(log));
        ReportVerifier.Verdict verdict = verify(report, log, new ReportVerifier.Saved(forked, goodProof));
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("consistency with the saved checkpoint (size 5)"));
    }
}
