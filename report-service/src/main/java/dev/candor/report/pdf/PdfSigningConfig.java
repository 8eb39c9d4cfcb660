package dev.candor.report.pdf;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * Where the PDF signing key and certificate come from. In production: a PKCS#12 file holding an EC P-256 (or RSA) key
 * and its certificate chain ({@code CANDOR_REPORT_PDF_SIGNING_KEYSTORE_FILE}) and its password, given directly
 * ({@code CANDOR_REPORT_PDF_SIGNING_KEYSTORE_PASSWORD}) or in a file ({@code ..._KEYSTORE_PASSWORD_FILE}). Without a
 * keystore, {@code dev-keystore-file} names where a self-signed development certificate is made on first start and
 * kept (its password beside it, in {@code <file>.password}); neither ever goes into git.
 */
@ConfigMapping(prefix = "candor.report.pdf.signing")
public interface PdfSigningConfig {

    Optional<String> keystoreFile();

    Optional<String> keystorePassword();

    Optional<String> keystorePasswordFile();

    /** The key entry to use; when absent the keystore must hold exactly one. */
    Optional<String> keyAlias();

    Optional<String> devKeystoreFile();

    default boolean configured() {
        return keystoreFile().isPresent() || devKeystoreFile().isPresent();
    }
}
