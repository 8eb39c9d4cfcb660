package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.cli.CliRun;
import dev.candor.verifier.cli.Main;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.jws.JwkSet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static dev.candor.verifier.report.GenuineReports.bytes;
import static dev.candor.verifier.report.GenuineReports.entries;
import static dev.candor.verifier.report.GenuineReports.files;
import static dev.candor.verifier.report.GenuineReports.load;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code candor-verifier verify}: the verdict a reader sees and the exit code a script sees. */
class VerifyCliTest {

    static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    static CliRun verify(GenuineReports.CliFiles files, String... more) {
        String[] base = {"verify", files.report().toString(), "--jwks", files.jwks().toString(), "--log-key-file",
                files.logKeys().toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return cli(args);
    }

    @Test
    void aGenuineReportIsVerifiedAndItsWarningsListedAboveTheVerdict() throws Exception {
        CliRun run = verify(files("cli-alice", bytes("alice.json"), false));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("\nWARNING entry 4 (leaf 5): erased, its content cannot be checked")
                .contains("\nWARNING entry 3 (leaf 4): not in the log's commitment");
        assertThat(run.lastLine()).startsWith("VERIFIED: ")
                .endsWith("; 3 WARNINGs above name what could not be checked");

        CliRun tom = verify(files("cli-tom", bytes("tom.json"), false));
        assertThat(tom.exit()).isZero();
        assertThat(tom.out()).doesNotContain("WARNING");
        assertThat(tom.lastLine()).endsWith("and what the report shows follows from what it proves");
    }

    @Test
    void aTamperedReportFailsWithExitCode1NamingWhatFailed() throws Exception {
        ObjectNode report = load("alice.json");
        entries(report).remove(0);
        CliRun run = verify(files("cli-dropped", CanonicalJson.canonicalBytes(report), false));

        assertThat(run.exit()).isEqualTo(Main.FAILED);
        assertThat(run.lastLine()).startsWith("FAILED: signature: ")
                .contains("entries: 7 listed, but the report commits to 8");
        assertThat(cli("verify", files("cli-nokeys", bytes("alice.json"), false).report().toString(),
                "--log-key", GenuineReports.logKey()).exit()).isEqualTo(Main.USAGE);
    }

    @Test
    void aDocumentThatIsNotIJsonFailsWithExitCode1() throws Exception {
        String text = new String(bytes("alice.json"), StandardCharsets.UTF_8);
        CliRun trailing = verify(files("cli-trailing", (text + "{\"x\":1}").getBytes(StandardCharsets.UTF_8), false));
        assertThat(trailing.exit()).isEqualTo(Main.FAILED);
        assertThat(trailing.lastLine()).startsWith("FAILED: report: content after the JSON value");

        // the published key first, a second "keys" after it: a last-wins reader would see only the second
        GenuineReports.CliFiles files = files("cli-dupjwks", bytes("alice.json"), false);
        String set = new String(bytes("jwks.json"), StandardCharsets.UTF_8);
        Files.writeString(files.jwks(), set.substring(0, set.length() - 1) + ",\"keys\":[]}");
        CliRun dup = verify(files);
        assertThat(dup.exit()).isEqualTo(Main.FAILED);
        assertThat(dup.lastLine()).startsWith("FAILED: report keys " + files.jwks()
                + ": the key set is not I-JSON: duplicate key \"keys\"");
    }

    @Test
    void reportKeysComeOnlyFromAFileOrHttpsAndAUrlThatCannotBeReadSaysWhy() throws Exception {
        GenuineReports.CliFiles files = files("cli-sources", bytes("alice.json"), false);
        String report = files.report().toString();
        String logKey = GenuineReports.logKey();

        CliRun http = cli("verify", report, "--jwks", "http://localhost:8083/.well-known/jwks.json", "--log-key",
                logKey);
        assertThat(http.exit()).isEqualTo(Main.USAGE);
        assertThat(http.err()).contains("--jwks http://localhost:8083/.well-known/jwks.json: only a file or an"
                + " https:// URL is accepted");
        assertThat(cli("verify", report, "--jwks", "HTTP://localhost/x", "--log-key", logKey).exit())
                .isEqualTo(Main.USAGE);
        assertThat(cli("verify", report, "--jwks", "ftp://localhost/x", "--log-key", logKey).err())
                .contains("only a file or an https:// URL is accepted");

        // nothing listens on port 1: the message says so (it said "null")
        CliRun refused = cli("verify", report, "--jwks", "https://localhost:1/jwks.json", "--log-key", logKey);
        assertThat(refused.exit()).isEqualTo(Main.USAGE);
        assertThat(refused.err()).contains("cannot fetch --jwks https://localhost:1/jwks.json: connection refused")
                .doesNotContain("null");
        Path absent = files.report().resolveSibling("absent.json");
        assertThat(cli("verify", report, "--jwks", absent.toString(), "--log-key", logKey).err())
                .contains("cannot read --jwks " + absent + ": no such file");
    }

    @Test
    void anEmptyLogKeyFileIsNamedByTheOptionVerifyHas() throws Exception {
        GenuineReports.CliFiles files = files("cli-keys", bytes("alice.json"), false);
        Files.writeString(files.logKeys(), "# none yet\n\n");

        CliRun run = verify(files);
        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("no trusted key given: --log-key-file " + files.logKeys() + " holds no key")
                .doesNotContain("--key or --key-file");
        assertThat(cli("verify", files.report().toString(), "--jwks", files.jwks().toString()).err())
                .contains("no log key given (--log-key or --log-key-file)");
    }

    @Test
    void aSavedCheckpointOrProofThatIsNotOneIsABadDocumentNotABadCommandLine() throws Exception {
        GenuineReports.CliFiles files = files("cli-saved", bytes("alice.json"), false);
        Path dir = files.report().getParent();
        byte[] random = new byte[300];
        new Random(7).nextBytes(random);
        Path binary = Files.write(dir.resolve("garbage-checkpoint.bin"), random);
        Path text = Files.writeString(dir.resolve("garbage-checkpoint.txt"), "hello\n");
        Path badProof = Files.writeString(dir.resolve("garbage.proof"), "not base64!\n");
        Path saved = Files.writeString(dir.resolve("saved-checkpoint.txt"), load("alice.json").at("/log/checkpoint")
                .asText());

        CliRun binaryRun = verify(files, "--checkpoint", binary.toString());
        assertThat(binaryRun.exit()).as(binaryRun.out() + binaryRun.err()).isEqualTo(Main.FAILED);
        assertThat(binaryRun.lastLine()).startsWith("FAILED: saved checkpoint " + binary + ": not UTF-8 text");
        CliRun textRun = verify(files, "--checkpoint", text.toString());
        assertThat(textRun.exit()).isEqualTo(Main.FAILED);
        assertThat(textRun.lastLine()).startsWith("FAILED: saved checkpoint: ");
        CliRun proofRun = verify(files, "--checkpoint", saved.toString(), "--consistency-proof", badProof.toString());
        assertThat(proofRun.exit()).isEqualTo(Main.FAILED);
        assertThat(proofRun.lastLine()).isEqualTo("FAILED: consistency proof " + badProof + ": line 1 is not base64");
        // the report's own checkpoint saved: same size, same root
        assertThat(verify(files, "--checkpoint", saved.toString()).exit()).isZero();
        // a file that is not there is still the command line's fault
        assertThat(verify(files, "--checkpoint", dir.resolve("absent").toString()).exit()).isEqualTo(Main.USAGE);
    }

    @Test
    void aReportSignedByAKeyTheReaderWasGivenIsCheckedWithIt() throws Exception {
        // the rogue JWKS stands in for a key a reader (wrongly) trusts: the signature holds, the rest is checked
        ObjectNode report = load("alice.json");
        GenuineReports.CliFiles files = files("cli-rogue", GenuineReports.resign(report), true);
        assertThat(JwkSet.parse(Files.readAllBytes(files.jwks())).keys()).hasSize(1);
        assertThat(verify(files).exit()).isZero();
        assertThat(List.of(verify(files).out().split("\n"))).anyMatch(l -> l.startsWith("ok    signature: EdDSA by"
                + " report key " + GenuineReports.ROGUE_JWK.kid()));
    }
}
