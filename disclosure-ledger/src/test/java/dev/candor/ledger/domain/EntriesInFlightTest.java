package dev.candor.ledger.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntriesInFlightTest {

    /** Runs what was admitted later on the test's thread, when the test says so. */
    private final List<Runnable> later = new ArrayList<>();
    private final Executor queued = later::add;
    private final EntriesInFlight gate = new EntriesInFlight(2000);

    private void runLater() {
        List<Runnable> now = new ArrayList<>(later);
        later.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void batchesWithinTheBoundStartAtOnceOnTheCallingThread() {
        List<String> started = new ArrayList<>();
        CompletableFuture<String> unfinished = new CompletableFuture<>();
        gate.run(1000, () -> started(started, "a", unfinished), queued);
        gate.run(1000, () -> started(started, "b", unfinished), queued);

        assertThat(started).containsExactly("a", "b");
        assertThat(gate.inFlight()).isEqualTo(2000);
        assertThat(later).isEmpty();
        unfinished.complete("done");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aBatchBeyondTheBoundWaitsAndStartsOnTheExecutorWhenRoomIsMade() {
        CompletableFuture<String> first = new CompletableFuture<>();
        gate.run(1500, () -> first, queued);
        List<String> started = new ArrayList<>();
        CompletionStage<String> second = gate.run(1000, () -> started(started, "second"), queued);

        assertThat(started).isEmpty();
        assertThat(gate.waiting()).isEqualTo(1);

        first.complete("done");
        assertThat(started).as("not on the thread that made room").isEmpty();
        runLater();

        assertThat(started).containsExactly("second");
        assertThat(second.toCompletableFuture().join()).isEqualTo("second");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void waitingBatchesStartInArrivalOrderAndASmallOneDoesNotOvertakeALargeOne() {
        CompletableFuture<String> first = new CompletableFuture<>();
        gate.run(1800, () -> first, queued);
        List<String> started = new ArrayList<>();
        CompletableFuture<String> large = new CompletableFuture<>();
        gate.run(1000, () -> started(started, "large", large), queued);
        gate.run(100, () -> started(started, "small"), queued);

        assertThat(gate.waiting()).as("100 would fit beside 1800, but the large batch came first").isEqualTo(2);
        first.complete("done");
        runLater();

        assertThat(started).containsExactly("large", "small");
    }

    @Test
    void aBatchLargerThanTheBoundRunsAloneOnceNothingElseIsInFlight() {
        CompletableFuture<String> first = new CompletableFuture<>();
        gate.run(10, () -> first, queued);
        List<String> started = new ArrayList<>();
        gate.run(5000, () -> started(started, "huge"), queued);
        assertThat(started).isEmpty();

        first.complete("done");
        runLater();

        assertThat(started).containsExactly("huge");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void roomIsFreedWhenTheWorkFailsOrThrows() {
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletionStage<String> failed = gate.run(1500, () -> failing, queued);
        failing.completeExceptionally(new IllegalStateException("database down"));
        assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
        assertThat(gate.inFlight()).isZero();

        assertThatThrownBy(() -> gate.run(1500, () -> {
            throw new IllegalArgumentException("bad");
        }, queued)).isInstanceOf(IllegalArgumentException.class);
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aWaitingBatchTheExecutorRefusesFailsAndFreesItsRoomForTheNextOnes() {
        // At shutdown the executor refuses new work: a refused batch must fail, not hold its room for good and leave
        // the batches behind it waiting forever.
        Executor refusing = task -> {
            throw new RejectedExecutionException("shutting down");
        };
        CompletableFuture<String> first = new CompletableFuture<>();
        gate.run(2000, () -> first, queued);
        List<String> started = new ArrayList<>();
        CompletionStage<String> refused = gate.run(1000, () -> started(started, "refused"), refusing);
        CompletionStage<String> alsoRefused = gate.run(1000, () -> started(started, "also refused"), refusing);
        CompletionStage<String> after = gate.run(500, () -> started(started, "after"), queued);
        assertThat(gate.waiting()).isEqualTo(3);

        first.complete("done");

        assertThatThrownBy(() -> refused.toCompletableFuture().join())
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> alsoRefused.toCompletableFuture().join())
                .hasCauseInstanceOf(RejectedExecutionException.class);
        runLater();
        assertThat(started).containsExactly("after");
        assertThat(after.toCompletableFuture().join()).isEqualTo("after");
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void workThatThrowsOnTheExecutorFailsItsBatchAndFreesItsRoom() {
        CompletableFuture<String> first = new CompletableFuture<>();
        gate.run(2000, () -> first, queued);
        CompletionStage<String> throwing = gate.run(1000, () -> {
            throw new IllegalStateException("bad");
        }, queued);
        first.complete("done");
        runLater();

        assertThatThrownBy(() -> throwing.toCompletableFuture().join()).hasMessageContaining("bad");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new EntriesInFlight(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static CompletionStage<String> started(List<String> started, String name) {
        return started(started, name, CompletableFuture.completedFuture(name));
    }

    private static CompletionStage<String> started(List<String> started, String name, CompletionStage<String> end) {
        started.add(name);
        return end;
    }
}
