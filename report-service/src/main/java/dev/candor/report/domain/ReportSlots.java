package dev.candor.report.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code candor.report.max-concurrent} reports are built at once; others wait up to
 * {@code candor.report.slot-wait}, then get a 503 to retry. A report reads the ledger a page at a time and spools to
 * disk, but each build still holds two pages and its working set: thirty of one patient's 10,000-entry reports at
 * once (within the per-user burst) ran report-service and the ledger out of memory in a black-box probe, and every
 * one of them timed out.
 */
@ApplicationScoped
public class ReportSlots {

    private final Semaphore slots;
    private final Duration wait;

    public ReportSlots(@ConfigProperty(name = "candor.report.max-concurrent", defaultValue = "4") int maxConcurrent,
                       @ConfigProperty(name = "candor.report.slot-wait", defaultValue = "10s") Duration wait) {
        this.slots = new Semaphore(maxConcurrent, true);
        this.wait = wait;
    }

    public <T> T build(Supplier<T> report) {
        try {
            if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        try {
            return report.get();
        } finally {
            slots.release();
        }
    }

    private static ProblemException busy() {
        return new ProblemException(ProblemType.UNAVAILABLE,
                "too many reports are being built at the moment; retry in a few seconds");
    }
}
