package dev.candor.ledger.domain;

import dev.candor.common.persistence.GroupCommit;
import dev.candor.ledger.persistence.UndecidedEntries;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import dev.candor.ledger.config.LedgerConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Settles UNDECIDED entries: asks consent-service again — about the moment the disclosure occurred — and appends
 * the decisions beside the entry. The entry itself never changes; readers see it as settled (and UNAUTHORIZED if a
 * decision denied) from the decisions recorded with it.
 *
 * <p>A round works through everything waiting, in pages of {@link #PAGE} entries in leaf order: a page's questions
 * are asked together (the batcher sends them as one or a few batch calls) and its settlements written in one
 * transaction. An entry whose question fails is skipped and asked again next round, so one entry consent-service
 * always refuses holds back nothing after it. A page of which not one question was answered ends the round:
 * consent-service is down, and is not asked about the rest until the next round. One replica settles at a time.
 */
@ApplicationScoped
public class Settlement {

    /** Entries asked about and settled together. */
    public static final int PAGE = 500;
    /** How long a page's answers are waited for; what has not answered by then is asked again next round. */
    static final Duration PAGE_WAIT = Duration.ofSeconds(30);

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

    /** One round: every entry waiting, unless another replica is settling. @return how many entries were settled */
    public int settleOnce() {
        return undecided.asTheOnlySettler(this::round);
    }

    private int round() {
        int settled = 0;
        long after = -1;
        while (!Thread.currentThread().isInterrupted()) {
            List<UndecidedEntries.Undecided> page = undecided.waiting(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).leafIndex();
            Map<Long, List<Decision>> answered = ask(page);
            settled += write(answered);
            if (answered.isEmpty()) {
                LOG.infof("consent-service answered none of %d questions about UNDECIDED entries; settling again in %s",
                        page.size(), config.settlement().interval());
                break;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return settled;
    }

    /** The page's questions, asked at once; the decisions of those answered in time, by leaf index. */
    private Map<Long, List<Decision>> ask(List<UndecidedEntries.Undecided> page) {
        List<CompletableFuture<List<Decision>>> asked = new ArrayList<>(page.size());
        for (UndecidedEntries.Undecided entry : page) {
            CompletableFuture<List<Decision>> answer;
            try {
                answer = consent.decide(entry.question()).toCompletableFuture();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            asked.add(answer);
        }
        try {
            CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).handle((all, failure) -> null)
                    .get(PAGE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // what has not answered by now is asked again next round
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            asked.forEach(answer -> answer.cancel(false)); // not sent any more if still queued
        }
        Map<Long, List<Decision>> answered = new LinkedHashMap<>();
        Throwable firstFailure = null;
        for (int i = 0; i < page.size(); i++) {
            CompletableFuture<List<Decision>> answer = asked.get(i);
            if (!answer.isCompletedExceptionally()) {
                answered.put(page.get(i).leafIndex(), answer.join());
            } else if (firstFailure == null) {
                firstFailure = answer.handle((decisions, failure) -> failure).join();
            }
        }
        if (firstFailure != null) {
            LOG.debugf("consent-service could not decide %d of %d UNDECIDED entries (%s); they wait for the next round",
                    page.size() - answered.size(), page.size(), firstFailure.toString());
        }
        return answered;
    }

    /**
     * Writes a page's settlements in one transaction; if the database refuses some entry's rows, each entry alone,
     * so that one entry's data does not hold back the others (it is tried again next round).
     */
    private int write(Map<Long, List<Decision>> answered) {
        if (answered.isEmpty()) {
            return 0;
        }
        try {
            return undecided.settle(answered);
        } catch (RuntimeException e) {
            if (answered.size() == 1 || !GroupCommit.concernsData(e)) {
                throw e;
            }
            LOG.warnf("settling %d entries together was refused on their data (%s); settling them one by one",
                    answered.size(), e.getMessage());
            int settled = 0;
            for (Map.Entry<Long, List<Decision>> entry : answered.entrySet()) {
                try {
                    settled += undecided.settle(Map.of(entry.getKey(), entry.getValue()));
                } catch (RuntimeException refused) {
                    if (!GroupCommit.concernsData(refused)) {
                        throw refused;
                    }
                    LOG.warnf("leaf %d could not be settled: %s; it is tried again next round", entry.getKey(),
                            refused.getMessage());
                }
            }
            return settled;
        }
    }
}
