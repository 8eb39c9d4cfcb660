package dev.candor.verifier.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code candor-verifier verify-pdf}: the verdict a reader sees and the exit code a script sees. */
class VerifyPdfCommandTest {

    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    Path copy(String resource) throws IOException {
        Path file = dir.resolve(resource);
        try (InputStream in = getClass().getResourceAsStream("/pdf/" + resource)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void aSignedReportWithItsCertificateIsVerified() throws IOException {
        CliRun run = run("verify-pdf", copy("signed-report.pdf").toString(), "--cert", copy("signer.pem").toString());

        assertThat(run.exit()).isEqualTo(Main.OK);
        assertThat(run.lastLine()).startsWith("VERIFIED: ").endsWith("is signed by the expected signer and unchanged since");
        assertThat(run.out()).contains("ok     message digest", "ok     expected signer", "SHA-256:     ");
    }

    @Test
    void withoutACertificateTheVerdictIsIntactNotVerifiedWithItsOwnExitCode() throws IOException {
        CliRun run = run("verify-pdf", copy("signed-report.pdf").toString());

        // a PDF changed and re-signed with any self-signed certificate gets exactly this verdict: not 0, not VERIFIED
        assertThat(run.exit()).isEqualTo(Main.INTACT_SIGNER_UNCHECKED).isEqualTo(3);
        assertThat(run.lastLine()).startsWith("INTACT (signer not checked): ")
                .contains("GET /api/v1/reports/pdf-signer.pem");
        assertThat(run.out()).doesNotContain("VERIFIED").contains("SHA-256:     ");

        // a changed PDF without --cert still fails: 1, not 3
        Path pdf = copy("signed-report.pdf");
        byte[] bytes = Files.readAllBytes(pdf);
        Files.write(pdf, java.util.Arrays.copyOf(bytes, bytes.length + 1));
        assertThat(run("verify-pdf", pdf.toString()).exit()).isEqualTo(Main.FAILED);
    }

    @Test
    void aChangedReportFailsWithExitCode1NamingWhatFailed() throws IOException {
        Path pdf = copy("signed-report.pdf");
        byte[] bytes = Files.readAllBytes(pdf);
        Files.write(pdf, java.util.Arrays.copyOf(bytes, bytes.length + 5));

        CliRun run = run("verify-pdf", pdf.toString(), "--cert", copy("signer.pem").toString());

        assertThat(run.exit()).isEqualTo(Main.FAILED);
        assertThat(run.lastLine()).startsWith("FAILED: ").contains("nothing appended after signing: 5 bytes were added");
    }

    @Test
    void badCommandLinesExitWith2() throws IOException {
        assertThat(run("verify-pdf").exit()).isEqualTo(Main.USAGE);
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello");
        CliRun run = run("verify-pdf", copy("signed-report.pdf").toString(), "--cert", notPem.toString());
        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("no CERTIFICATE or PUBLIC KEY PEM block found");
        assertThat(run("--help").out()).contains("verify-pdf");
    }
}
