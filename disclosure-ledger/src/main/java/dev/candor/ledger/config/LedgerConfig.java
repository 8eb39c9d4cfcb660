package dev.candor.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "candor.ledger")
public interface LedgerConfig {

    /** The log's origin line in every checkpoint, e.g. {@code candor.dev/ledger/prod}. */
    @WithDefault("candor.dev/ledger/local")
    String origin();

    Signing signing();

    Integration integration();

    Settlement settlement();

    Proofs proofs();

    /**
     * Most entries of batch appends being decided and sequenced at once; further batches wait their turn (nothing is
     * refused). Two batches of 1000 keep the CPU busy; more only lengthen each and fill the heap (docs/decisions.md).
     */
    @WithDefault("2000")
    int batchEntriesInFlight();

    /** Secret of the candor-internal client, used to ask consent-service for decisions (CANDOR_LEDGER_CLIENT_SECRET). */
    Optional<String> clientSecret();

    interface Settlement {
        /** How often UNDECIDED entries are asked about again. */
        @WithDefault("30s")
        Duration interval();
    }

    interface Proofs {
        /**
         * Tree nodes at this level and above are kept in memory (a node at level L covers 2^L leaves): the default
         * keeps ~125,000 hashes (~6.5 MB of heap) per million entries and leaves at most 4 of a proof's ~20 hashes
         * to one database read. Raise it for logs of hundreds of millions of entries.
         */
        @WithDefault("4")
        int cachedLevel();
    }

    interface Signing {
        /**
         * Signer keys in the C2SP note form {@code PRIVATE+KEY+<name>+<hex id>+<base64>}. Two during a rotation:
         * every checkpoint carries both signatures. Production sets {@code CANDOR_LEDGER_SIGNING_KEYS}.
         */
        Optional<List<String>> keys();

        /** Files holding one signer key each (Kubernetes secrets mounted as files). */
        Optional<List<String>> keyFiles();

        /**
         * Verifier keys ({@code name+hexid+base64}, public) of keys that no longer sign: the checkpoints they signed
         * still verify in the full check, and {@code /api/v1/log/keys} still publishes them. After a rotation the old
         * key moves here (CANDOR_LEDGER_SIGNING_RETIRED_VERIFIER_KEYS). A malformed one stops the service at start.
         */
        Optional<List<String>> retiredVerifierKeys();

        /**
         * Where to keep a development key made on first start when no key is configured. Unset in production:
         * then a missing key stops the service instead of signing with a throwaway.
         */
        Optional<String> devKeyFile();
    }

    interface Integration {
        /** How often the integrator looks for new entries. */
        @WithDefault("200ms")
        Duration interval();

        /** Most entries integrated (and signed over) in one transaction. */
        @WithDefault("20000")
        int maxBatch();

        /** Whether this replica takes part in integration (one integrator at a time holds the lock). */
        @WithDefault("true")
        boolean enabled();
    }
}
