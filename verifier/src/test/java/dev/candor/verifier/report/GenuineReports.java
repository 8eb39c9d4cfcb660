package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.jws.Jwk;
import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.note.Ed25519Keys;
import dev.candor.verifier.note.NoteVerifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * Reports report-service produced (src/test/resources/reports, made by ReportFixtureGenerator.java.txt there): Alice's
 * patient report, Tom's provider report and a platform-wide report, all citing one checkpoint of a ledger whose
 * entries have the shape disclosure-ledger gives them — a cohort dataset, break-glass, an UNDECIDED entry settled
 * later, one still UNDECIDED, an erased entry, a first-format entry, per-subject {@code previous} links.
 * <p>
 * To check what comes after the signature, a tampered report is signed again with a key of the test's own, which the
 * reader then trusts: a report-service that misbehaves, or whose key was stolen. The ledger's checkpoint stays the
 * genuine one, checked with the log key the reports were made with.
 */
final class GenuineReports {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The report key of a report-service gone wrong. */
    static final KeyPair ROGUE = Ed25519Keys.keyPair(new byte[32]);
    static final Jwk ROGUE_JWK = Jwk.of(ROGUE.getPublic());

    private GenuineReports() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = GenuineReports.class.getResourceAsStream("/reports/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode load(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys report-service published when it signed the reports. */
    static JwkSet publishedKeys() {
        try {
            return JwkSet.parse(bytes("jwks.json"));
        } catch (dev.candor.verifier.jws.JwsException e) {
            throw new IllegalStateException(e);
        }
    }

    static String logKey() {
        return new String(bytes("log-key.txt"), StandardCharsets.UTF_8).strip();
    }

    static List<NoteVerifier> logKeys() {
        return List.of(NoteVerifier.parse(logKey()));
    }

    /** Verifies a report as report-service signed it, with its published keys. */
    static ReportVerifier.Verdict verifyGenuine(byte[] report) {
        return ReportVerifier.verify(report, publishedKeys(), logKeys(), null);
    }

    /** Signs the (changed) report with the rogue key and verifies it trusting that key. */
    static ReportVerifier.Verdict resignAndVerify(ObjectNode report) {
        return resignAndVerify(report, null);
    }

    static ReportVerifier.Verdict resignAndVerify(ObjectNode report, ReportVerifier.Saved saved) {
        return ReportVerifier.verify(resign(report), new JwkSet(List.of(ROGUE_JWK)), logKeys(), saved);
    }

    static byte[] resign(ObjectNode report) {
        return ReportSigning.sign(report, ROGUE.getPrivate(), ROGUE_JWK.kid());
    }

    /** The entry with this leaf index. */
    static ObjectNode entry(ObjectNode report, long leaf) {
        for (JsonNode e : report.get("entries")) {
            if (e.get("leafIndex").asLong() == leaf) {
                return (ObjectNode) e;
            }
        }
        throw new IllegalArgumentException("no leaf " + leaf);
    }

    static ArrayNode entries(ObjectNode report) {
        return (ArrayNode) report.get("entries");
    }

    /** Files for the CLI: the report (canonical, as given) and the JWKS that report was signed for. */
    record CliFiles(Path report, Path jwks, Path logKeys) {
    }

    /** Writes target/verify-cli/{name}.json, the rogue or published JWKS, and the log key file. */
    static CliFiles files(String name, byte[] report, boolean rogue) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "verify-cli"));
        return new CliFiles(Files.write(dir.resolve(name + ".json"), report),
                Files.write(dir.resolve(name + "-jwks.json"), rogue
                        ? CanonicalJson.canonicalBytes(new JwkSet(List.of(ROGUE_JWK)).toJson()) : bytes("jwks.json")),
                Files.write(dir.resolve(name + "-log-keys.txt"), bytes("log-key.txt")));
    }
}
