package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.jws.DetachedJws;
import dev.candor.verifier.jws.Jwk;
import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.merkle.InMemoryTree;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.Ed25519Keys;
import dev.candor.verifier.note.NoteSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report is built here exactly as report-service builds one — ledger entries with salted commitments in an RFC
 * 6962 tree, a signed checkpoint, inclusion proofs, a detached JWS — and then tampered with in each way a reader
 * must catch.
 */
class ReportVerifierTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORIGIN = "candor.example/ledger";

    NoteSigner logSigner;
    KeyPair reportKey;
    Jwk reportJwk;
    InMemoryTree tree;
    List<ObjectNode> contents;
    List<byte[]> salts;
    /** The parts a report shows with a second-format entry, by leaf index ({@link #appendSecondFormatEntry}). */
    java.util.Map<Integer, ArrayNode> shownParts;

    @BeforeEach
    void setUp() {
        logSigner = NoteSigner.generate(ORIGIN);
        reportKey = Ed25519Keys.keyPair(Ed25519Keys.newSeed());
        reportJwk = Jwk.of(reportKey.getPublic());
        tree = new InMemoryTree();
        contents = new java.util.ArrayList<>();
        salts = new java.util.ArrayList<>();
        shownParts = new java.util.HashMap<>();
        for (int i = 0; i < 7; i++) {
            ObjectNode content = JSON.createObjectNode();
            content.put("recipient", i % 2 == 0 ? "Acme Health Plan" : "Analytics Brokers");
            content.put("purpose", i % 2 == 0 ? "HPAYMT" : "RATE_NEGOTIATION");
            content.put("occurredAt", "2026-0" + (i + 1) + "-01T10:00:00Z");
            byte[] salt = ("salt-" + i + "-0123456789abcdef0123456789").getBytes(StandardCharsets.UTF_8);
            byte[] leafData = LedgerLeaf.leafData(LedgerLeaf.commitment(salt, content),
                    i == 0 ? List.of() : List.of((long) i - 1));
            tree.appendLeaf(leafData);
            contents.add(content);
            salts.add(salt);
        }
    }

    /** A report of the entries at the given leaf indexes, cut at {@code size}, signed. */
    ObjectNode report(long size, int... indexes) {
        ObjectNode report = JSON.createObjectNode();
        report.put("format", ReportVerifier.FORMAT);
        report.put("kind", "PATIENT");
        report.putObject("log").put("checkpoint", Checkpoint.of(ORIGIN, size, tree.root(size))
                .sign(List.of(logSigner)));
        ArrayNode entries = report.putArray("entries");
        for (int i : indexes) {
            ObjectNode entry = entries.addObject();
            entry.put("leafIndex", i);
            entry.set("content", contents.get(i));
            entry.put("salt", b64(salts.get(i)));
            entry.put("leafData", b64(LedgerLeaf.leafData(LedgerLeaf.commitment(salts.get(i), contents.get(i)),
                    i == 0 ? List.of() : List.of((long) i - 1))));
            if (shownParts.containsKey(i)) {
                entry.set("parts", shownParts.get(i).deepCopy());
            }
            ArrayNode proof = entry.putArray("proof");
            tree.inclusionProof(i, size).forEach(h -> proof.add(b64(h)));
        }
        report.put("entryCount", indexes.length);
        ReportSigning.sign(report, reportKey.getPrivate(), reportJwk.kid());
        return report;
    }

    /**
     * Appends a second-format entry ({@code "v": 2}) about Alice (permitted) and Bob (denied) as the ledger records
     * one — parts committed with salts derived from a stored salt, the content committed with the entry salt — and
     * has reports show Alice's part with it, as in Alice's report.
     *
     * @return its leaf index
     */
    int appendSecondFormatEntry() {
        int index = contents.size();
        byte[] stored = storedSalt(index);
        ObjectNode alice = part("PATIENT:pat-alice", "PERMIT");
        ObjectNode bob = part("PATIENT:pat-bob", "DENY");
        byte[] aliceSalt = LedgerLeaf.partSalt(stored, "PATIENT:pat-alice");
        List<String> committed = new java.util.ArrayList<>(List.of(
                b64(LedgerLeaf.partCommitment(aliceSalt, alice)),
                b64(LedgerLeaf.partCommitment(LedgerLeaf.partSalt(stored, "PATIENT:pat-bob"), bob))));
        committed.sort(null);

        ObjectNode content = JSON.createObjectNode();
        content.put("v", LedgerLeaf.PER_SUBJECT_PARTS);
        content.put("recipient", "Acme Health Plan");
        content.put("purpose", "HPAYMT");
        content.put("occurredAt", "2026-08-01T10:00:00Z");
        committed.forEach(content.putArray("parts")::add);
        byte[] entrySalt = LedgerLeaf.entrySalt(stored);
        tree.appendLeaf(LedgerLeaf.leafData(LedgerLeaf.commitment(entrySalt, content),
                index == 0 ? List.of() : List.of((long) index - 1)));
        contents.add(content);
        salts.add(entrySalt); // a report shows the entry salt, never the stored one

        ArrayNode shown = JSON.createArrayNode();
        ObjectNode given = shown.addObject();
        given.set("part", alice);
        given.put("salt", b64(aliceSalt));
        shownParts.put(index, shown);
        return index;
    }

    /** The salt the ledger stores for the second-format entry at {@code index}; reports never show it. */
    static byte[] storedSalt(int index) {
        return ("stored-salt-" + index + "-0123456789abcdef012345").getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode part(String subject, String outcome) {
        ObjectNode part = JSON.createObjectNode();
        part.put("subject", subject);
        part.putArray("roles").add("MEMBER");
        part.putObject("decision").put("outcome", outcome);
        return part;
    }

    ReportVerifier.Verdict verify(JsonNode report) {
        return verify(report, null);
    }

    ReportVerifier.Verdict verify(JsonNode report, ReportVerifier.Saved saved) {
        return ReportVerifier.verify(CanonicalJson.canonicalBytes(report), new JwkSet(List.of(reportJwk)),
                List.of(logSigner.verifier()), saved);
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void anUntouchedReportVerifies() {
        ReportVerifier.Verdict verdict = verify(report(7, 0, 2, 4, 6));

        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.passed()).anyMatch(l -> l.startsWith("signature: EdDSA by report key " + reportJwk.kid()))
                .anyMatch(l -> l.startsWith("inclusion: 4 of 4 entries proven in tree size 7"));
    }

    @Test
    void oneChangedPayloadByteBreaksTheSignatureAndTheCommitment() {
        ObjectNode report = report(7, 0, 2, 4);
        byte[] bytes = CanonicalJson.canonicalBytes(report);
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.indexOf("HPAYMT");
        bytes[at] = (byte) 'X'; // HPAYMT -> XPAYMT in the first entry's content

        ReportVerifier.Verdict verdict = ReportVerifier.verify(bytes, new JwkSet(List.of(reportJwk)),
                List.of(logSigner.verifier()), null);

        assertThat(verdict.verified()).isFalse();
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("signature: the signature does not match"))
                .anyMatch(f -> f.contains("content does not match the leaf's commitment"));
    }

    @Test
    void aDroppedEntryIsDetected() {
        ObjectNode report = report(7, 0, 2, 4);
        ((ArrayNode) report.get("entries")).remove(1);

        ReportVerifier.Verdict verdict = verify(report);

        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("signature:"))
                .anyMatch(f -> f.equals("entries: 2 listed, but the report commits to 3"));
    }

    @Test
    void aSwappedProofIsDetected() {
        ObjectNode report = report(7, 2, 4);
        JsonNode first = report.get("entries").get(0).get("proof");
        ((ObjectNode) report.get("entries").get(0)).set("proof", report.get("entries").get(1).get("proof"));
        ((ObjectNode) report.get("entries").get(1)).set("proof", first);

        ReportVerifier.Verdict verdict = verify(report);

        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("entry 0 (leaf 2): "))
                .anyMatch(f -> f.startsWith("entry 1 (leaf 4): "));
    }

    @Test
    void aReportSignedByAnUnpublishedKeyFails() {
        ObjectNode report = report(7, 1);
        KeyPair other = Ed25519Keys.keyPair(Ed25519Keys.newSeed());
        ReportSigning.sign(report, other.getPrivate(), reportJwk.kid()); // claims the published kid

        assertThat(verify(report).failures()).anyMatch(f -> f.startsWith("signature: the signature does not match"));
    }

    @Test
    void aCheckpointOfAForkedLogIsDetectedAgainstTheSavedOne() {
        String saved = Checkpoint.of(ORIGIN, 7, tree.root(7)).sign(List.of(logSigner));
        // The operator forks: same size, one entry rewritten, a new root signed with the real log key.
        InMemoryTree fork = new InMemoryTree();
        for (long i = 0; i < 7; i++) {
            if (i == 3) {
                fork.appendLeaf("rewritten".getBytes(StandardCharsets.UTF_8));
            } else {
                fork.appendLeafHash(tree.leafHash(i));
            }
        }
        tree = fork;
        ObjectNode report = report(7, 0, 2); // consistent in itself: proofs against the forked root

        assertThat(verify(report).verified()).isTrue();
        ReportVerifier.Verdict verdict = verify(report, new ReportVerifier.Saved(saved, List.of()));
        assertThat(verdict.failures()).anyMatch(f -> f.contains("same size, different root: a forked log"));
    }

    @Test
    void anInconsistentSavedCheckpointIsDetected() {
        String saved = Checkpoint.of(ORIGIN, 5, tree.root(5)).sign(List.of(logSigner));
        List<byte[]> goodProof = tree.consistencyProof(5, 7);
        ObjectNode report = report(7, 0, 6);

        assertThat(verify(report, new ReportVerifier.Saved(saved, goodProof)).failures()).isEmpty();

        // A saved checkpoint of size 5 from another history: the proof to the report's tree cannot hold.
        InMemoryTree other = new InMemoryTree();
        for (int i = 0; i < 5; i++) {
            other.appendLeaf(("other " + i).getBytes(StandardCharsets.UTF_8));
        }
        String forked = Checkpoint.of(ORIGIN, 5, other.root(5)).sign(List.of(logSigner));
        ReportVerifier.Verdict verdict = verify(report, new ReportVerifier.Saved(forked, goodProof));
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("consistency with the saved checkpoint (size 5)"));
    }

    @Test
    void aCheckpointSignedByAnUntrustedKeyFails() {
        NoteSigner real = logSigner;
        logSigner = NoteSigner.generate(ORIGIN);
        ObjectNode report = report(7, 0);
        logSigner = real;

        assertThat(verify(report).failures()).anyMatch(f -> f.startsWith("checkpoint: "));
    }

    @Test
    void theCliGivesAVerdictAndANonZeroExitNamingWhatFailed() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "verify-cli"));
        ObjectNode report = report(7, 1, 3);
        java.nio.file.Path good = java.nio.file.Files.write(dir.resolve("good.json"), CanonicalJson.canonicalBytes(report));
        java.nio.file.Path jwks = java.nio.file.Files.write(dir.resolve("jwks.json"),
                CanonicalJson.canonicalBytes(new JwkSet(List.of(reportJwk)).toJson()));
        ((ArrayNode) report.get("entries")).remove(0);
        java.nio.file.Path dropped = java.nio.file.Files.write(dir.resolve("dropped.json"),
                CanonicalJson.canonicalBytes(report));
        String logKey = logSigner.verifier().verifierKey();

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        int ok = dev.candor.verifier.cli.Main.run(new String[]{"verify", good.toString(), "--jwks", jwks.toString(),
                "--log-key", logKey}, print, print);
        assertThat(ok).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("VERIFIED: ");

        out.reset();
        int failed = dev.candor.verifier.cli.Main.run(new String[]{"verify", dropped.toString(), "--jwks",
                jwks.toString(), "--log-key", logKey}, print, print);
        assertThat(failed).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAILED: signature: ")
                .contains("entries: 1 listed, but the report commits to 2");

        out.reset();
        int usage = dev.candor.verifier.cli.Main.run(new String[]{"verify", good.toString(), "--log-key", logKey},
                print, print);
        assertThat(usage).isEqualTo(2);
    }

    @Test
    void theSignatureIsOverTheDigestAndSaysSoInACriticalHeader() throws Exception {
        ObjectNode report = report(7, 0, 2);
        String header = new String(Base64.getUrlDecoder().decode(report.path("jws").asText().split("\\.")[0]),
                StandardCharsets.UTF_8);

        assertThat(JSON.readTree(header).path("crit").toString()).isEqualTo("[\"candor-prehash\"]");
        assertThat(JSON.readTree(header).path("candor-prehash").asText()).isEqualTo("SHA-256");
        assertThat(verify(report).passed()).anyMatch(l -> l.endsWith("over the SHA-256 of the canonical report"));
    }

    @Test
    void aFirstFormatReportSignedOverThePayloadItselfStillVerifies() {
        ObjectNode report = report(7, 0, 2);
        report.remove("jws");
        report.put("format", ReportVerifier.FORMAT_1);
        report.put("jws", DetachedJws.sign(reportKey.getPrivate(), reportJwk.kid(), ReportSigning.payload(report)));

        assertThat(verify(report).failures()).isEmpty();
    }

    @Test
    void aSignatureOfOneFormCannotPassAsTheOther() {
        // a pre-hashed JWS in a report claiming the first format: refused, not checked over the wrong bytes
        ObjectNode prehashedAsFirst = report(7, 0, 2);
        prehashedAsFirst.put("format", ReportVerifier.FORMAT_1);
        ReportSigning.sign(prehashedAsFirst, reportKey.getPrivate(), reportJwk.kid());
        assertThat(verify(prehashedAsFirst).failures())
                .anyMatch(f -> f.equals("signature: critical header parameters are not supported"));

        // a JWS over the payload itself in a report claiming the second format: refused
        ObjectNode plainAsSecond = report(7, 0, 2);
        plainAsSecond.remove("jws");
        plainAsSecond.put("jws", DetachedJws.sign(reportKey.getPrivate(), reportJwk.kid(),
                ReportSigning.payload(plainAsSecond)));
        assertThat(verify(plainAsSecond).failures())
                .anyMatch(f -> f.startsWith("signature: the JWS is not pre-hashed with SHA-256"));
    }

    @Test
    void aSecondFormatEntryWithTheSubjectsOwnPartVerifies() {
        int v2 = appendSecondFormatEntry();
        ObjectNode report = report(v2 + 1, 0, 6, v2);

        ReportVerifier.Verdict verdict = verify(report);

        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.passed()).anyMatch(l -> l.startsWith("inclusion: 3 of 3 entries proven in tree size 8"));
        assertThat(report.get("entries").get(2).get("salt").asText())
                .as("the report shows the entry salt").isEqualTo(b64(salts.get(v2)));
    }

    @Test
    void aReportAboutOneSubjectMustShowThatSubjectsPartOfEveryEntryAboutSeveral() {
        int v2 = appendSecondFormatEntry();
        ObjectNode alices = report(v2 + 1, 0, v2);
        alices.putObject("subject").put("type", "PATIENT").put("id", "pat-alice");
        ReportSigning.sign(alices, reportKey.getPrivate(), reportJwk.kid());
        assertThat(verify(alices).failures()).isEmpty();

        // the same entry passed off as one about Bob: Alice's part proves nothing about him
        ObjectNode bobs = report(v2 + 1, 0, v2);
        bobs.putObject("subject").put("type", "PATIENT").put("id", "pat-bob");
        ReportSigning.sign(bobs, reportKey.getPrivate(), reportJwk.kid());
        assertThat(verify(bobs).failures()).containsExactly("entry 1 (leaf 7): the entry does not show the part of"
                + " PATIENT:pat-bob, so nothing proves it is about them");
    }

    @Test
    void aSecondFormatEntryWhosePartWasAlteredFailsNamingTheEntry() {
        int v2 = appendSecondFormatEntry();
        ObjectNode report = report(v2 + 1, 0, v2);
        ObjectNode decision = (ObjectNode) report.get("entries").get(1).get("parts").get(0).get("part").get("decision");
        decision.put("outcome", "DENY"); // PERMIT -> DENY in what Alice is shown
        ReportSigning.sign(report, reportKey.getPrivate(), reportJwk.kid()); // by the report key: only the part fails

        ReportVerifier.Verdict verdict = verify(report);

        assertThat(verdict.failures()).containsExactly(
                "entry 1 (leaf 7): part 0 (PATIENT:pat-alice) is not one the entry commits to");
        assertThat(verdict.passed()).anyMatch(l -> l.startsWith("inclusion: 1 of 2 entries proven in tree size 8"));
    }

    @Test
    void aSecondFormatEntryShownWithTheStoredSaltInsteadOfTheEntrySaltFails() {
        int v2 = appendSecondFormatEntry();
        ObjectNode report = report(v2 + 1, v2);
        ((ObjectNode) report.get("entries").get(0)).put("salt", b64(storedSalt(v2)));
        ReportSigning.sign(report, reportKey.getPrivate(), reportJwk.kid());

        assertThat(verify(report).failures())
                .containsExactly("entry 0 (leaf 7): content does not match the leaf's commitment");
    }

    @Test
    void aSecondFormatEntryWithAPartSaltNotFromTheStoredSaltOrAPartGivenTwiceFails() {
        int v2 = appendSecondFormatEntry();

        ObjectNode report = report(v2 + 1, v2);
        ObjectNode given = (ObjectNode) report.get("entries").get(0).get("parts").get(0);
        given.put("salt", b64(LedgerLeaf.partSalt(salts.get(v2), "PATIENT:pat-alice"))); // from the entry salt
        ReportSigning.sign(report, reportKey.getPrivate(), reportJwk.kid());
        assertThat(verify(report).failures()).containsExactly(
                "entry 0 (leaf 7): part 0 (PATIENT:pat-alice) is not one the entry commits to");

        ObjectNode twice = report(v2 + 1, v2);
        ArrayNode parts = (ArrayNode) twice.get("entries").get(0).get("parts");
        parts.add(parts.get(0).deepCopy());
        ReportSigning.sign(twice, reportKey.getPrivate(), reportJwk.kid());
        assertThat(verify(twice).failures()).containsExactly("entry 0 (leaf 7): part 1 is given twice");
    }

    @Test
    void aFirstFormatEntryCarryingPartsFails() {
        int v2 = appendSecondFormatEntry();
        ObjectNode report = report(v2 + 1, 0, 2);
        ((ObjectNode) report.get("entries").get(1)).set("parts", shownParts.get(v2).deepCopy());
        ReportSigning.sign(report, reportKey.getPrivate(), reportJwk.kid());

        ReportVerifier.Verdict verdict = verify(report);

        assertThat(verdict.failures()).containsExactly("entry 1 (leaf 2): parts given with an entry that has none");
    }

    ReportVerifier.Verdict verifyBytes(byte[] bytes) {
        return ReportVerifier.verify(bytes, new JwkSet(List.of(reportJwk)), List.of(logSigner.verifier()), null);
    }

    @Test
    void aDuplicateKeyIsRefusedSoAFirstWinsReaderCannotBeShownOtherMembers() {
        byte[] genuine = CanonicalJson.canonicalBytes(report(7, 0, 2, 4));
        assertThat(verifyBytes(genuine).failures()).isEmpty();
        String text = new String(genuine, StandardCharsets.UTF_8);

        // doctored members before the genuine ones: Jackson (last wins) would check the genuine report, SQLite and
        // other first-wins readers would show the doctored count and list
        String doctored = "{\"entryCount\":1,\"entries\":[]," + text.substring(1);
        assertThat(verifyBytes(doctored.getBytes(StandardCharsets.UTF_8)).failures())
                .singleElement().asString().startsWith("report: duplicate key \"entries\" (line 1, column ");
        // a plain duplicate at the end, and one deep inside an entry
        String appended = text.substring(0, text.length() - 1) + ",\"entryCount\":5}";
        assertThat(verifyBytes(appended.getBytes(StandardCharsets.UTF_8)).failures())
                .singleElement().asString().startsWith("report: duplicate key \"entryCount\" (line 1, column 18");
        String inEntry = text.replaceFirst("\"leafIndex\":2,", "\"leafIndex\":2,\"leafIndex\":2,");
        assertThat(inEntry).isNotEqualTo(text);
        assertThat(verifyBytes(inEntry.getBytes(StandardCharsets.UTF_8)).failures())
                .singleElement().asString().startsWith("report: duplicate key \"leafIndex\"");
    }

    @Test
    void contentAfterTheReportIsRefused() {
        String text = new String(CanonicalJson.canonicalBytes(report(7, 0, 2)), StandardCharsets.UTF_8);
        for (String trailing : List.of(" garbage", "{\"x\":1}", "\n{\"x\":1}\n", "]")) {
            assertThat(verifyBytes((text + trailing).getBytes(StandardCharsets.UTF_8)).failures()).as(trailing)
                    .singleElement().asString().startsWith("report: content after the JSON value");
        }
        // white space after the value is not content
        assertThat(verifyBytes((text + "\r\n  \n").getBytes(StandardCharsets.UTF_8)).failures()).isEmpty();
    }

    @Test
    void aStringWhereANumberBelongsFailsEvenWhenSigned() {
        ObjectNode leafAsString = report(7, 0, 2);
        ((ObjectNode) leafAsString.get("entries").get(0)).put("leafIndex", "0");
        ReportSigning.sign(leafAsString, reportKey.getPrivate(), reportJwk.kid());
        assertThat(verify(leafAsString).failures()).containsExactly("entry 0: leafIndex \"0\" is not a whole number");

        ObjectNode countAsString = report(7, 0, 2);
        countAsString.put("entryCount", "2");
        ReportSigning.sign(countAsString, reportKey.getPrivate(), reportJwk.kid());
        assertThat(verify(countAsString).failures()).containsExactly("entryCount: \"2\" is not a whole number");

        // 2.0 is the same JSON number as 2 (RFC 8785 writes both as 2): no reason to refuse it
        ObjectNode countAsDouble = report(7, 0, 2);
        countAsDouble.put("entryCount", 2.0);
        assertThat(verify(countAsDouble).failures()).isEmpty();
    }

    @Test
    void theCliFailsADocumentThatIsNotIJsonWithExitCode1() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "verify-cli"));
        byte[] genuine = CanonicalJson.canonicalBytes(report(7, 1, 3));
        java.nio.file.Path good = java.nio.file.Files.write(dir.resolve("strict-good.json"), genuine);
        java.nio.file.Path trailing = java.nio.file.Files.write(dir.resolve("strict-trailing.json"),
                (new String(genuine, StandardCharsets.UTF_8) + "{\"x\":1}").getBytes(StandardCharsets.UTF_8));
        String set = new String(CanonicalJson.canonicalBytes(new JwkSet(List.of(reportJwk)).toJson()),
                StandardCharsets.UTF_8);
        java.nio.file.Path jwks = java.nio.file.Files.writeString(dir.resolve("strict-jwks.json"), set);
        // the published key first, a second "keys" after it: a last-wins reader would see only the second
        java.nio.file.Path dupJwks = java.nio.file.Files.writeString(dir.resolve("strict-dup-jwks.json"),
                set.substring(0, set.length() - 1) + ",\"keys\":[]}");
        String logKey = logSigner.verifier().verifierKey();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);

        assertThat(dev.candor.verifier.cli.Main.run(new String[]{"verify", good.toString(), "--jwks", jwks.toString(),
                "--log-key", logKey}, print, print)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        out.reset();
        assertThat(dev.candor.verifier.cli.Main.run(new String[]{"verify", trailing.toString(), "--jwks",
                jwks.toString(), "--log-key", logKey}, print, print)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAILED: report: content after the JSON value");
        out.reset();
        assertThat(dev.candor.verifier.cli.Main.run(new String[]{"verify", good.toString(), "--jwks",
                dupJwks.toString(), "--log-key", logKey}, print, print)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAILED: report keys " + dupJwks
                + ": the key set is not I-JSON: duplicate key \"keys\"");
    }

    @Test
    void aJwsHeaderWithADuplicateParameterIsRefused() {
        ObjectNode report = report(7, 0);
        String[] jws = report.get("jws").asText().split("\\.", -1);
        String header = new String(Base64.getUrlDecoder().decode(jws[0]), StandardCharsets.UTF_8);
        String twice = header.substring(0, header.length() - 1) + ",\"alg\":\"none\"}"; // RFC 7515 4: must be refused
        report.put("jws", Base64.getUrlEncoder().withoutPadding().encodeToString(twice.getBytes(StandardCharsets.UTF_8))
                + ".." + jws[2]);

        assertThat(verify(report).failures()).singleElement().asString()
                .startsWith("signature: the JWS header is not I-JSON: duplicate key \"alg\"");
    }

    record Cli(int exit, String out, String err) {
    }

    /** A report and the JWKS to verify it with, as files in {@code dir}. */
    record CliInputs(java.nio.file.Path dir, java.nio.file.Path report, java.nio.file.Path jwks) {
    }

    /** Writes target/verify-cli/{name}-report.json and {name}-jwks.json. */
    CliInputs cliInputs(String name, ObjectNode report) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "verify-cli"));
        return new CliInputs(dir,
                java.nio.file.Files.write(dir.resolve(name + "-report.json"), CanonicalJson.canonicalBytes(report)),
                java.nio.file.Files.write(dir.resolve(name + "-jwks.json"),
                        CanonicalJson.canonicalBytes(new JwkSet(List.of(reportJwk)).toJson())));
    }

    static Cli cli(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = dev.candor.verifier.cli.Main.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCliTakesReportKeysOnlyFromAFileOrHttpsAndSaysWhyAUrlCannotBeRead() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "verify-cli"));
        java.nio.file.Path good = java.nio.file.Files.write(dir.resolve("sources-good.json"),
                CanonicalJson.canonicalBytes(report(7, 1, 3)));
        String logKey = logSigner.verifier().verifierKey();

        Cli http = cli("verify", good.toString(), "--jwks", "http://localhost:8083/.well-known/jwks.json",
                "--log-key", logKey);
        assertThat(http.exit()).isEqualTo(2);
        assertThat(http.err()).contains("--jwks http://localhost:8083/.well-known/jwks.json: only a file or an"
                + " https:// URL is accepted");
        assertThat(cli("verify", good.toString(), "--jwks", "HTTP://localhost/x", "--log-key", logKey).exit())
                .isEqualTo(2);
        assertThat(cli("verify", good.toString(), "--jwks", "ftp://localhost/x", "--log-key", logKey).err())
                .contains("only a file or an https:// URL is accepted");

        // nothing listens on port 1: the message says so (it said "null")
        Cli refused = cli("verify", good.toString(), "--jwks", "https://localhost:1/jwks.json", "--log-key", logKey);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("cannot fetch --jwks https://localhost:1/jwks.json: connection refused")
                .doesNotContain("null");
        Cli missing = cli("verify", good.toString(), "--jwks", dir.resolve("absent.json").toString(),
                "--log-key", logKey);
        assertThat(missing.err()).contains("cannot read --jwks " + dir.resolve("absent.json") + ": no such file");
    }

    @Test
    void theCliNamesTheLogKeyOptionsOfVerify() throws Exception {
        CliInputs in = cliInputs("keys", report(7, 1));
        java.nio.file.Path empty = java.nio.file.Files.writeString(in.dir().resolve("empty-keys.txt"), "# none yet\n\n");

        Cli run = cli("verify", in.report().toString(), "--jwks", in.jwks().toString(), "--log-key-file", empty.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no trusted key given: --log-key-file " + empty + " holds no key")
                .doesNotContain("--key or --key-file");
        assertThat(cli("verify", in.report().toString(), "--jwks", in.jwks().toString()).err())
                .contains("no log key given (--log-key or --log-key-file)");
    }

    @Test
    void aSavedCheckpointOrProofThatIsNotOneIsABadDocumentNotABadCommandLine() throws Exception {
        CliInputs in = cliInputs("saved", report(7, 1));
        String logKey = logSigner.verifier().verifierKey();
        byte[] random = new byte[300];
        new java.util.Random(7).nextBytes(random);
        java.nio.file.Path binary = java.nio.file.Files.write(in.dir().resolve("garbage-checkpoint.bin"), random);
        java.nio.file.Path text = java.nio.file.Files.writeString(in.dir().resolve("garbage-checkpoint.txt"), "hello\n");
        java.nio.file.Path badProof = java.nio.file.Files.writeString(in.dir().resolve("garbage.proof"), "not base64!\n");
        java.nio.file.Path saved = java.nio.file.Files.writeString(in.dir().resolve("saved-checkpoint.txt"),
                Checkpoint.of(ORIGIN, 5, tree.root(5)).sign(List.of(logSigner)));

        Cli binaryRun = cli("verify", in.report().toString(), "--jwks", in.jwks().toString(), "--log-key", logKey,
                "--checkpoint", binary.toString());
        assertThat(binaryRun.exit()).as(binaryRun.out() + binaryRun.err()).isEqualTo(1);
        assertThat(binaryRun.out()).contains("FAILED: saved checkpoint " + binary + ": not UTF-8 text");
        Cli textRun = cli("verify", in.report().toString(), "--jwks", in.jwks().toString(), "--log-key", logKey,
                "--checkpoint", text.toString());
        assertThat(textRun.exit()).isEqualTo(1);
        assertThat(textRun.out()).contains("FAILED: saved checkpoint: ");
        Cli proofRun = cli("verify", in.report().toString(), "--jwks", in.jwks().toString(), "--log-key", logKey,
                "--checkpoint", saved.toString(), "--consistency-proof", badProof.toString());
        assertThat(proofRun.exit()).isEqualTo(1);
        assertThat(proofRun.out()).contains("FAILED: consistency proof " + badProof + ": line 1 is not base64");
        // a file that is not there is still the command line's fault
        assertThat(cli("verify", in.report().toString(), "--jwks", in.jwks().toString(), "--log-key", logKey,
                "--checkpoint", in.dir().resolve("absent").toString()).exit()).isEqualTo(2);
    }
}
