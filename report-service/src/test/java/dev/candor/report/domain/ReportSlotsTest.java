package dev.candor.report.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportSlotsTest {

    @Test
    void aReportBeyondTheSlotsWaitsThenIsA503AndASlotFreedIsUsedAgain() throws Exception {
        ReportSlots slots = new ReportSlots(1, Duration.ofMillis(100));
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> slots.build(() -> {
            building.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        building.await();

        assertThatThrownBy(() -> slots.build(() -> "second"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE));
        finish.countDown();
        assertThat(first.get()).isEqualTo("first");
        assertThat(slots.build(() -> "third")).isEqualTo("third");
        assertThatThrownBy(() -> slots.build(() -> {
            throw new IllegalStateException("failed build");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(slots.build(() -> "a failed build gave its slot back")).isNotNull();
    }
}
