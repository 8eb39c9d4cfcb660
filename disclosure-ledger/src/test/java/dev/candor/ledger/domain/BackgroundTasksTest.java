package dev.candor.ledger.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundTasksTest {

    @Test
    void aTaskRunsAgainAfterARunThatThrewEvenAnError() throws Exception {
        // An OutOfMemoryError once ended integration, checkpoints and settlement for good: the schedule was cancelled.
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(3);
        ScheduledExecutorService scheduler = BackgroundTasks.every("test-task", Duration.ofMillis(5), () -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                throw new OutOfMemoryError("test");
            }
            if (run == 2) {
                throw new IllegalStateException("test");
            }
            later.countDown();
        });
        try {
            assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get()).isGreaterThanOrEqualTo(5);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
