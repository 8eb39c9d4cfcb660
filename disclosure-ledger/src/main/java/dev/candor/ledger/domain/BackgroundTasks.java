package dev.candor.ledger.domain;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's periodic work (integration, checkpoint watch, settlement) each runs on its own named daemon thread,
 * so one slow task never delays another and thread dumps say what is what.
 */
final class BackgroundTasks {

    private BackgroundTasks() {
    }

    static ScheduledExecutorService every(String name, Duration interval, Runnable task) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
