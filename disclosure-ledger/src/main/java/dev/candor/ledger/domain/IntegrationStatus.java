package dev.candor.ledger.domain;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How this replica's integrator stands, for the health check and the metrics: halted (it found the stored tree or
 * the database contradicting a checkpoint already signed, and signs nothing more), or failing run after run. A halt
 * lasts as long as the process: a restart would forget what the process remembered and is no remedy, so this never
 * feeds a liveness or readiness check (docs/ledger.md, "When integration stops").
 */
@ApplicationScoped
public class IntegrationStatus {

    /** Failing for this long without a good run is a problem: a checkpoint is due at least every 10 s. */
    static final Duration FAILING_FOR = Duration.ofSeconds(10);

    /** The state at one moment; {@code haltedBecause} and {@code failingSince} are null while all is well. */
    public record Snapshot(String haltedBecause, Instant haltedAt, Instant failingSince, int consecutiveFailures,
                           String lastFailure) {
        public boolean halted() {
            return haltedBecause != null;
        }
    }

    private final Clock clock;
    private volatile Snapshot state = new Snapshot(null, null, null, 0, null);

    IntegrationStatus() {
        this(Clock.systemUTC());
    }

    IntegrationStatus(Clock clock) {
        this.clock = clock;
    }

    /** Integration stops for good in this process; the first reason is the one kept. */
    synchronized void halt(String reason) {
        Snapshot s = state;
        if (!s.halted()) {
            state = new Snapshot(reason, clock.instant(), s.failingSince(), s.consecutiveFailures(), s.lastFailure());
        }
    }

    synchronized void failed(Throwable failure) {
        Snapshot s = state;
        state = new Snapshot(s.haltedBecause(), s.haltedAt(),
                s.failingSince() != null ? s.failingSince() : clock.instant(), s.consecutiveFailures() + 1,
                failure.getMessage() != null ? failure.getMessage() : failure.toString());
    }

    synchronized void succeeded() {
        Snapshot s = state;
        state = new Snapshot(s.haltedBecause(), s.haltedAt(), null, 0, null);
    }

    public Snapshot snapshot() {
        return state;
    }

    public boolean halted() {
        return state.halted();
    }

    /** Why integration does not work, if it does not: halted, or failing for {@link #FAILING_FOR} or longer. */
    public Optional<String> problem() {
        Snapshot s = state;
        if (s.halted()) {
            return Optional.of("halted: " + s.haltedBecause());
        }
        if (s.failingSince() != null && !clock.instant().isBefore(s.failingSince().plus(FAILING_FOR))) {
            return Optional.of("failing since " + s.failingSince() + " (" + s.consecutiveFailures() + " runs): "
                    + s.lastFailure());
        }
        return Optional.empty();
    }
}
