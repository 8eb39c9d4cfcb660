package dev.candor.verifier.cli;

import dev.candor.verifier.pdf.ExpectedSigner;
import dev.candor.verifier.pdf.PdfSignatureVerifier;
import dev.candor.verifier.pdf.PdfVerification;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code verify-pdf <report.pdf> [--cert <pem>]}: checks the PAdES signature of a PDF report offline. */
final class VerifyPdfCommand implements Command {

    private static final String CERT = "--cert";
    /** Where report-service publishes the PDF signer's certificate (through the gateway). */
    static final String SIGNER_PEM_PATH = "/api/v1/reports/pdf-signer.pem";
    /**
     * PDFBox warns on stderr about every oddity of a damaged file; the checks below say what matters. Kept in fields:
     * java.util.logging holds loggers weakly, and a collected logger forgets its level.
     */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.apache.pdfbox"),
            Logger.getLogger("org.apache.fontbox"));

    @Override
    public String name() {
        return "verify-pdf";
    }

    @Override
    public String summary() {
        return "verify the signature of a PDF report (PAdES) and that nothing changed since";
    }

    @Override
    public String usage() {
        return "verify-pdf <report.pdf> --cert <PEM file: the expected signer's CERTIFICATE or PUBLIC KEY>"
                + "\n    (report-service publishes it: GET " + SIGNER_PEM_PATH + "; without --cert the PDF is checked"
                + "\n    for changes and the signer's fingerprint printed, but not who signed: INTACT, exit code 3)";
    }

    @Override
    public int run(List<String> argList, PrintStream out, PrintStream err) throws UsageException {
        Args args = Args.parse(argList, Set.of(CERT));
        if (args.positional().size() != 1) {
            throw new UsageException("expected exactly one PDF file");
        }
        String file = args.positional().get(0);
        String certFile = args.single(CERT);
        ExpectedSigner expected = null;
        if (certFile != null) {
            try {
                expected = ExpectedSigner.fromPem(Files.readString(Path.of(certFile), StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UsageException("cannot read " + certFile + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException(certFile + ": " + e.getMessage());
            }
        }
        byte[] pdf;
        try {
            pdf = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            out.println("FAILED: " + file + ": cannot read: " + e.getMessage());
            return Main.FAILED;
        }

        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
        PdfVerification result = PdfSignatureVerifier.verify(pdf, expected);
        for (PdfVerification.Check check : result.checks()) {
            out.printf("%-6s %-34s %s%n", check.passed() ? "ok" : "FAILED", check.name(), check.detail());
        }
        result.signer().ifPresent(s -> {
            out.println("signer:      " + s.subject());
            out.println("issuer:      " + s.issuer());
            out.println("serial:      " + s.serialHex());
            out.println("SHA-256:     " + s.sha256Fingerprint());
            s.signedAt().ifPresent(at -> out.println("signed at:   " + at + " (as the PDF claims)"));
        });
        if (!result.verified()) {
            PdfVerification.Check failed = result.firstFailure().orElseThrow();
            out.println("FAILED: " + file + ": " + failed.name() + ": " + failed.detail());
            return Main.FAILED;
        }
        if (expected == null) {
            // Anyone can change a PDF and sign it again with a certificate of their own making: without the
            // expected signer this is not a verification, and must not look like one to a script.
            out.println("INTACT (signer not checked): " + file + " is unchanged since it was signed, but not checked"
                    + " against Candor's signer; pass --cert with the certificate from GET " + SIGNER_PEM_PATH
                    + " (or compare the SHA-256 fingerprint above). Exit code " + Main.INTACT_SIGNER_UNCHECKED + ".");
            return Main.INTACT_SIGNER_UNCHECKED;
        }
        out.println("VERIFIED: " + file + " is signed by the expected signer and unchanged since");
        return Main.OK;
    }
}
