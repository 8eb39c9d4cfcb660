package dev.candor.verifier.pdf;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PdfSignatureVerifier} found: every check it ran, in order, and who signed.
 *
 * @param checks every check that was run; checks that could not run because an earlier one failed are left out
 * @param signer the signer's certificate, when the signature could be read that far
 */
public record PdfVerification(List<Check> checks, Optional<Signer> signer) {

    public PdfVerification {
        checks = List.copyOf(checks);
    }

    /** One named check and its outcome; {@code detail} says what was found, in words. */
    public record Check(String name, boolean passed, String detail) {
    }

    /**
     * @param sha256Fingerprint SHA-256 of the DER certificate, lower-case hex in pairs separated by ':'
     * @param signedAt          the signing time the PDF claims (/M of the signature dictionary); not proof of time
     * @param checkedAgainstExpected true when an expected certificate or key was given and matched
     */
    public record Signer(String subject, String issuer, String serialHex, String sha256Fingerprint,
                         Optional<Instant> signedAt, boolean checkedAgainstExpected) {
    }

    /** True when at least one check ran and every check passed. */
    public boolean verified() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** The first check that failed, if any. */
    public Optional<Check> firstFailure() {
        return checks.stream().filter(c -> !c.passed()).findFirst();
    }
}
