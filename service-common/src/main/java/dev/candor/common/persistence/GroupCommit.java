package dev.candor.common.persistence;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit: callers hand in work and wait; one writer thread takes everything that queued up meanwhile and
 * commits it in one transaction. Under load a durable commit (an fsync) is then shared by many requests instead of
 * paid by each, and nobody is answered before their work is committed.
 *
 * @param <I> one caller's work
 * @param <O> what that caller gets back once it is committed
 */
public final class GroupCommit<I, O> {

    /** Commits a batch in one transaction; returns one result per item, in order. Throwing fails the whole batch. */
    @FunctionalInterface
    public interface Committer<I, O> {
        List<O> commit(List<I> batch) throws Exception;
    }

    /** How much of the batch limit an item takes (e.g. its rows). */
    @FunctionalInterface
    public interface Weight<I> {
        int of(I item);
    }

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final String name;
    private final int maxBatch;
    private final Weight<I> weight;
    private final Committer<I, O> committer;
    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private final Thread writer;

    /**
     * Starts the writer thread.
     *
     * @param maxBatch the most weight committed at once (an item heavier than that is committed alone)
     */
    public GroupCommit(String name, int maxBatch, Weight<I> weight, Committer<I, O> committer) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.weight = weight;
        this.committer = committer;
        this.writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the item; the future completes once it is committed, or exceptionally if its batch failed. */
    public CompletableFuture<O> submit(I item) {
        CompletableFuture<O> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException(name + " is stopped"));
            return result;
        }
        queue.add(new Pending<>(item, result));
        return result;
    }

    /** Commits what is queued, then stops the writer. */
    public void stop() throws InterruptedException {
        running = false;
        writer.join(10_000);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Pending<I, O> first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            List<Pending<I, O>> batch = new ArrayList<>();
            batch.add(first);
            int total = weight.of(first.item());
            Pending<I, O> next;
            while ((next = queue.peek()) != null && total + weight.of(next.item()) <= maxBatch) {
                batch.add(queue.poll());
                total += weight.of(next.item());
            }
            commit(batch);
        }
    }

    private void commit(List<Pending<I, O>> batch) {
        List<O> results;
        try {
            results = committer.commit(batch.stream().map(Pending::item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException(name + ": " + results.size() + " results for " + batch.size()
                        + " items");
            }
        } catch (Exception e) {
            LOG.errorf(e, "%s: could not commit a batch of %d", name, batch.size());
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        } catch (Error e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            throw e;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }
}
