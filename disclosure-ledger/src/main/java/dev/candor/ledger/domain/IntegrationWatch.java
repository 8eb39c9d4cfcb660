package dev.candor.ledger.domain;

import dev.candor.ledger.persistence.TreeStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets a caller wait until an entry is covered by a signed checkpoint ({@code ?wait=true}). The local integrator
 * announces each checkpoint at once; a poll of the checkpoint table catches those signed by another replica.
 */
@ApplicationScoped
public class IntegrationWatch {

    private record Waiter(long leafIndex, CompletableFuture<Long> done) {
    }

    @Inject
    TreeStore tree;

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(
            (a, b) -> Long.compare(a.leafIndex(), b.leafIndex()));
    private ScheduledExecutorService poller;
    private long treeSize;

    void start(@Observes StartupEvent event) {
        poller = BackgroundTasks.every("ledger-checkpoint-watch", Duration.ofMillis(100), this::poll);
    }

    void stop(@Observes ShutdownEvent event) {
        poller.shutdownNow();
    }

    /** Completes with the covering tree size once {@code leafIndex} is integrated, or times out. */
    public CompletableFuture<Long> awaitIntegrated(long leafIndex, Duration timeout) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Waiter waiter = new Waiter(leafIndex, done);
        synchronized (this) {
            if (leafIndex < treeSize) {
                done.complete(treeSize);
                return done;
            }
            waiters.add(waiter);
        }
        // One that timed out leaves at once, not when the tree next grows: while integration is stuck, it may not.
        done.exceptionally(failure -> {
            forget(waiter);
            return null;
        });
        return done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void forget(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** Callers still waiting. */
    synchronized int waiting() {
        return waiters.size();
    }

    /** Called by the integrator after it committed a checkpoint. */
    public void integrated(long newTreeSize) {
        synchronized (this) {
            if (newTreeSize <= treeSize) {
                return;
            }
            treeSize = newTreeSize;
            while (!waiters.isEmpty() && waiters.peek().leafIndex() < newTreeSize) {
                waiters.poll().done().complete(newTreeSize);
            }
        }
    }

    private void poll() {
        boolean anyone;
        synchronized (this) {
            anyone = !waiters.isEmpty();
        }
        if (anyone) {
            tree.latestCheckpoint().ifPresent(c -> integrated(c.treeSize()));
        }
    }
}
