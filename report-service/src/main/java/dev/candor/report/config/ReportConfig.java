package dev.candor.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** report-service settings; every one can come from the environment (CANDOR_REPORT_...). */
@ConfigMapping(prefix = "candor.report")
public interface ReportConfig {

    Signing signing();

    /** Longest period a report may cover, and the default period (ending now). */
    @WithDefault("6")
    int maxPeriodYears();

    /**
     * Most entries one report lists; a report with more says {@code complete: false}. Entries are spooled to disk
     * (about 2 KB each), not held in memory, so this bounds the spool file, not the heap.
     */
    @WithDefault("2000000")
    long maxEntries();

    /** Where reports are spooled while they are built and sent (default: the JVM's temporary directory). */
    Optional<String> spoolDir();

    /** Most disclosures a PDF lists row by row; past that its table lists the first ones and says how many more. */
    @WithDefault("10000")
    int pdfMaxRows();

    interface Signing {
        /** The signing key: base64url of the 32-byte Ed25519 seed (CANDOR_REPORT_SIGNING_KEY). */
        Optional<String> key();

        /** A file holding the signing key in the same form (a Kubernetes Secret mounted as a file). */
        Optional<String> keyFile();

        /**
         * Development only: a key made on first start and kept in this file (mode 600). Unset in production, where
         * a missing key stops the service instead of signing with a throwaway.
         */
        Optional<String> devKeyFile();

        /**
         * Retired public keys (base64url of the raw 32-byte Ed25519 key): still published in the JWKS after a
         * rotation, so reports signed before it keep verifying.
         */
        Optional<List<String>> retiredPublicKeys();
    }
}
