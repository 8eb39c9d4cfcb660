package dev.candor.common.persistence;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    @Test
    void everyCallerGetsItsOwnResultAndWaitingCallersShareACommit() throws Exception {
        List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        GroupCommit<Integer, String> group = new GroupCommit<>("test", 100, i -> 1, batch -> {
            firstCommitStarted.countDown();
            releaseFirstCommit.await(5, TimeUnit.SECONDS);
            commits.add(batch);
            return batch.stream().map(i -> "committed " + i).toList();
        });
        CompletableFuture<String> first = group.submit(0);
        assertThat(firstCommitStarted.await(5, TimeUnit.SECONDS)).isTrue();
        // While the first commit runs, ten more callers queue up: they are committed together.
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            waiting.add(group.submit(i));
        }
        releaseFirstCommit.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("committed 0");
        for (int i = 1; i <= 10; i++) {
            assertThat(waiting.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo("committed " + i);
        }
        assertThat(commits).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        group.stop();
    }

    @Test
    void anErrorInOneCommitFailsItsCallersAndTheWriterGoesOn() throws Exception {
        // An OutOfMemoryError used to end the writer thread: every later caller then waited forever.
        GroupCommit<Integer, String> group = new GroupCommit<>("test", 100, i -> 1, batch -> {
            if (batch.contains(13)) {
                throw new OutOfMemoryError("test");
            }
            return batch.stream().map(i -> "committed " + i).toList();
        });
        CompletableFuture<String> unlucky = group.submit(13);
        assertThatThrownBy(() -> unlucky.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(group.submit(14).get(5, TimeUnit.SECONDS)).isEqualTo("committed 14");
        group.stop();
    }

    @Test
    void aBatchIsCutAtTheWeightLimitButAHeavyItemGoesAlone() throws Exception {
        List<List<Integer>> commits = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch hold = new CountDownLatch(1);
        GroupCommit<Integer, Integer> group = new GroupCommit<>("test", 10, i -> i, batch -> {
            hold.await(5, TimeUnit.SECONDS);
            commits.add(batch);
            return batch;
        });
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int weight : new int[]{1, 4, 5, 3, 25, 2}) {
            all.add(group.submit(weight));
        }
        hold.countDown();
        for (CompletableFuture<Integer> f : all) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertThat(commits).allSatisfy(batch ->
                assertThat(batch.size() == 1 || batch.stream().mapToInt(Integer::intValue).sum() <= 10).isTrue());
        assertThat(commits.stream().flatMap(List::stream).toList()).containsExactly(1, 4, 5, 3, 25, 2);
        group.stop();
    }

    @Test
    void aFailedCommitFailsEveryCallerOfThatBatchAndTheNextBatchStillCommits() throws Exception {
        GroupCommit<String, String> group = new GroupCommit<>("test", 100, s -> 1, batch -> {
            if (batch.contains("poison")) {
                throw new IllegalStateException("the database said no");
            }
            return batch;
        });
        CompletableFuture<String> poisoned = group.submit("poison");
        assertThatThrownBy(() -> poisoned.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("the database said no");
        assertThat(group.submit("fine").get(5, TimeUnit.SECONDS)).isEqualTo("fine");
        group.stop();
        assertThatThrownBy(() -> group.submit("late").get(5, TimeUnit.SECONDS))
                .hasMessageContaining("stopped");
    }

    /**
     * A group over strings whose first commit waits until {@code release} opens, so what is submitted meanwhile
     * forms the next batch; every attempted batch is added to {@code attempts}.
     */
    private static GroupCommit<String, String> heldAtFirstCommit(List<List<String>> attempts, CountDownLatch started,
                                                                 CountDownLatch release,
                                                                 GroupCommit.Committer<String, String> committer) {
        return new GroupCommit<>("test", 100, s -> 1, batch -> {
            started.countDown();
            release.await(5, TimeUnit.SECONDS);
            attempts.add(batch);
            return committer.commit(batch);
        });
    }

    @Test
    void aRowTheDatabaseRefusesFailsOnlyItsOwnCallerNotTheOthersInItsBatch() throws Exception {
        List<List<String>> attempts = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> group = heldAtFirstCommit(attempts, started, release, batch -> {
            if (batch.contains("year 0")) {
                throw new java.sql.SQLException("date/time field value out of range", "22008");
            }
            return batch;
        });
        CompletableFuture<String> first = group.submit("first");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> before = group.submit("before");
        CompletableFuture<String> bad = group.submit("year 0");
        CompletableFuture<String> after = group.submit("after");
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(before.get(5, TimeUnit.SECONDS)).isEqualTo("before");
        assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("after");
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasMessageContaining("out of range");
        assertThat(attempts).containsExactly(List.of("first"), List.of("before", "year 0", "after"),
                List.of("before"), List.of("year 0"), List.of("after"));
        group.stop();
    }

    @Test
    void aFailureThatIsNotAboutTheDataFailsTheWholeBatchWithoutRetries() throws Exception {
        List<List<String>> attempts = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> group = heldAtFirstCommit(attempts, started, release, batch -> {
            if (batch.size() > 1) {
                throw new java.sql.SQLException("connection lost", "08006");
            }
            return batch;
        });
        CompletableFuture<String> first = group.submit("first");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> a = group.submit("a");
        CompletableFuture<String> b = group.submit("b");
        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasMessageContaining("connection lost");
        assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS)).hasMessageContaining("connection lost");
        assertThat(attempts).containsExactly(List.of("first"), List.of("a", "b"));
        group.stop();
    }

    @Test
    void aCallerRacingStopIsCommittedOrToldItIsStoppedButNeverLeftWaiting() throws Exception {
        // submit checked "running" and then queued: a writer that saw "stopped and empty" in between had ended,
        // and that caller waited forever. Racing many submits against stop, every one must have its answer once
        // stop has returned and the submits are back (a stress test: without the fix it fails only sometimes).
        for (int round = 0; round < 150; round++) {
            GroupCommit<Integer, Integer> group = new GroupCommit<>("race", 100, i -> 1, batch -> batch);
            List<CompletableFuture<Integer>> submitted = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread caller = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 500; i++) {
                        submitted.add(group.submit(i));
                    }
                });
                caller.start();
                callers.add(caller);
            }
            go.countDown();
            group.stop();
            for (Thread caller : callers) {
                caller.join();
            }
            assertThat(submitted.stream().filter(f -> !f.isDone()).count()).as("callers left waiting in round %d", round)
                    .isZero();
        }
    }

    @Test
    void whatTheWriterHasNotTakenWhenStopGivesUpWaitingFailsAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> group = new GroupCommit<>("test", 100, s -> 1, batch -> {
            started.countDown();
            release.await(); // no time limit: held until the test says so, however slow the machine
            return batch;
        });
        CompletableFuture<String> committing = group.submit("committing");
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued = group.submit("queued");

        // The writer is held in its commit beyond the wait: stop returns, and the queued caller has its answer.
        group.stop(java.time.Duration.ofMillis(50));
        assertThat(queued).isCompletedExceptionally();
        assertThatThrownBy(queued::join).hasMessageContaining("stopped before committing");
        assertThatThrownBy(() -> group.submit("late").join()).hasMessageContaining("stopped");

        // The batch it was on still completes, and the writer then ends.
        release.countDown();
        assertThat(committing.get(5, TimeUnit.SECONDS)).isEqualTo("committing");
    }
}
