package dev.candor.common.persistence;

import dev.candor.common.concurrent.ClosableQueue;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /**
     * Commits a batch in one transaction; returns one result per item, in order. Throwing fails the whole batch —
     * unless the failure is about some rows' data (see {@link #concernsData}): then each item is committed alone, so
     * only the callers whose rows were refused fail.
     */
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
    /** How long {@link #stop()} lets the writer commit what is queued. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final String name;
    private final int maxBatch;
    private final Weight<I> weight;
    private final Committer<I, O> committer;
    private final ClosableQueue<Pending<I, O>> queue = new ClosableQueue<>();
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

    /**
     * Queues the item; the future completes once it is committed, or exceptionally if its batch failed or the
     * writer stopped first. It always completes.
     */
    public CompletableFuture<O> submit(I item) {
        CompletableFuture<O> result = new CompletableFuture<>();
        if (queue.offer(new Pending<>(item, result)) != ClosableQueue.Offer.ACCEPTED) {
            result.completeExceptionally(new IllegalStateException(name + " is stopped"));
        }
        return result;
    }

    /**
     * Takes no more items, lets the writer commit what is queued (for up to 10 s), then fails whatever it did not
     * take by then: no caller is left waiting.
     */
    public void stop() throws InterruptedException {
        stop(STOP_WAIT);
    }

    void stop(Duration wait) throws InterruptedException {
        queue.close();
        try {
            writer.join(wait.toMillis());
        } finally {
            // The writer is done with the queue, or still on a long commit (it will find the queue empty), or
            // was interrupted: what is left was never committed, and its callers are told so now.
            List<Pending<I, O>> left = queue.drain();
            if (!left.isEmpty()) {
                LOG.warnf("%s: stopped with %d items not committed; they fail", name, left.size());
                IllegalStateException stopped = new IllegalStateException(name + " stopped before committing this");
                left.forEach(p -> p.result().completeExceptionally(stopped));
            }
        }
    }

    private void run() {
        while (!queue.finished()) {
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
            if (batch.size() > 1 && concernsData(e)) {
                // One caller's row the database refused (a value out of its range, a constraint) must not fail the
                // others who happened to share the commit: each is committed on its own.
                LOG.warnf("%s: a batch of %d was refused on its data (%s); committing its items one by one", name,
                        batch.size(), e.getMessage());
                batch.forEach(p -> commit(List.of(p)));
                return;
            }
            LOG.errorf(e, "%s: could not commit a batch of %d", name, batch.size());
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        } catch (Error e) {
            // Out of memory, typically: these callers fail, the writer lives on. A dead writer thread left every
            // later caller waiting forever while health said UP (a black-box probe, 2026-11-29).
            LOG.errorf(e, "%s: could not commit a batch of %d; the writer goes on", name, batch.size());
            batch.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    /**
     * True when the database refused the batch for some rows' data — SQLSTATE class 22 (data exception: a value
     * out of range, malformed, a NUL byte) or 23 (integrity constraint) anywhere in the causes — rather than for
     * something that would fail every item alike (a lost connection, a timeout), which is not retried item by item.
     */
    public static boolean concernsData(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
