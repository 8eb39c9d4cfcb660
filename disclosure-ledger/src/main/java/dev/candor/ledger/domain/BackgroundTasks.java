package dev.candor.ledger.domain;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's periodic work (integration, checkpoint watch, settlement) each runs on its own named daemon thread,
 * so one slow task never delays another and thread dumps say what is what.
 */
final class BackgroundTasks {

    private static final Logger LOG = Logger.getLogger(BackgroundTasks.class);

    private BackgroundTasks() {
    }

    static ScheduledExecutorService every(String name, Duration interval, Runnable task) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // Whatever a run throws, the next run still comes: a scheduled task that throws is never run again, and an
        // OutOfMemoryError once stopped integration, checkpoints and settlement for good while health said UP.
        Runnable survivor = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.errorf(t, "%s failed; it runs again in %s", name, interval);
            }
        };
        scheduler.scheduleWithFixedDelay(survivor, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
