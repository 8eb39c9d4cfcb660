package dev.candor.ledger.domain;

import dev.candor.ledger.persistence.UndecidedEntries;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import dev.candor.ledger.config.LedgerConfig;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Settles UNDECIDED entries: asks consent-service again — about the moment the disclosure occurred — and appends
 * the decisions beside the entry. The entry itself never changes; readers see it as settled (and UNAUTHORIZED if a
 * decision denied) from the decisions recorded with it.
 */
@ApplicationScoped
public class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class);

    @Inject
    UndecidedEntries undecided;

    @Inject
    ConsentDecisions consent;

    @Inject
    LedgerConfig config;

    private ScheduledExecutorService scheduler;

    void start(@Observes StartupEvent event) {
        scheduler = BackgroundTasks.every("ledger-settlement", config.settlement().interval(), () -> {
            try {
                settleOnce();
            } catch (RuntimeException e) {
                LOG.warn("settling UNDECIDED entries failed; will retry", e);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** @return how many entries were settled */
    public int settleOnce() {
        int settled = 0;
        for (UndecidedEntries.Undecided entry : undecided.waiting(100)) {
            List<Decision> decisions;
            try {
                decisions = consent.decide(entry.question()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("consent-service still cannot decide leaf %d: %s", entry.leafIndex(), e.getMessage());
                return settled; // still unreachable: try again next round
            }
            if (undecided.settle(entry.leafIndex(), decisions)) {
                settled++;
            }
        }
        return settled;
    }
}
