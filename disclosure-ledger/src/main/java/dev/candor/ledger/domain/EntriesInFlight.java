package dev.candor.ledger.domain;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Bounds how many entries are being decided and sequenced at once; requests beyond it wait their turn, in arrival
 * order, without holding a thread. Nothing is refused or dropped here (but a waiting request whose work the
 * executor refuses, at shutdown: that one fails, and the others still get their turn).
 *
 * <p>Why: the work per entry is CPU-bound on the same cores either way, so letting more batches in at once only
 * makes each take longer — and everything a batch builds (its entries' content, decisions, rows) then lives long
 * enough to be promoted, which filled the ledger's small old generation and turned into a full collection every
 * second under batch load (docs/decisions.md, issue 3). A waiting request keeps its parsed body (and, up to the
 * ledger's input buffer size, the bytes it was parsed from).
 *
 * <p>A request larger than the whole bound is let in alone, once nothing else is in flight.
 */
public final class EntriesInFlight {

    private final int limit;
    private int inFlight;
    private final Queue<Waiter> waiting = new ArrayDeque<>();

    /**
     * A request waiting for room: {@code launch} hands its work to the executor, {@code fail} answers it when that
     * is refused.
     */
    private record Waiter(int entries, Runnable launch, Consumer<Throwable> fail) {
    }

    public EntriesInFlight(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Runs {@code work} for {@code entries} entries once they fit, and frees their room when it completes. Work that
     * fits at once runs on the calling thread; work that had to wait runs on {@code later} (not on the thread of the
     * request whose end made room, which may be a commit thread). If {@code later} refuses it (an executor shutting
     * down), that request fails with the refusal and its room goes to the next: no request is left waiting.
     */
    public <T> CompletionStage<T> run(int entries, Supplier<CompletionStage<T>> work, Executor later) {
        synchronized (this) {
            if (!waiting.isEmpty() || !fits(entries)) {
                CompletableFuture<T> result = new CompletableFuture<>();
                waiting.add(new Waiter(entries, () -> later.execute(() -> startInto(entries, work, result)),
                        result::completeExceptionally));
                return result;
            }
            inFlight += entries;
        }
        return start(entries, work);
    }

    private <T> CompletionStage<T> start(int entries, Supplier<CompletionStage<T>> work) {
        CompletionStage<T> done;
        try {
            done = work.get();
        } catch (RuntimeException e) {
            release(entries);
            throw e;
        }
        return done.whenComplete((result, failure) -> release(entries));
    }

    private <T> void startInto(int entries, Supplier<CompletionStage<T>> work, CompletableFuture<T> result) {
        try {
            start(entries, work).whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** Entries admitted and not yet released. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Requests waiting for room. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void release(int entries) {
        Queue<Waiter> admitted = new ArrayDeque<>();
        synchronized (this) {
            inFlight -= entries;
            admitNext(admitted);
        }
        // Launched outside the lock: the work they start may finish (and release) on this thread.
        for (Waiter next; (next = admitted.poll()) != null; ) {
            try {
                next.launch().run();
            } catch (RuntimeException refused) {
                // Refused by the executor (shutting down): this request fails, its room goes on to the next ones —
                // in this loop, not by recursion, however many are waiting.
                next.fail().accept(refused);
                synchronized (this) {
                    inFlight -= next.entries();
                    admitNext(admitted);
                }
            }
        }
    }

    /** Strictly in order: a large batch at the head is not overtaken by small requests behind it. */
    private void admitNext(Queue<Waiter> admitted) {
        while (!waiting.isEmpty() && fits(waiting.peek().entries())) {
            Waiter next = waiting.poll();
            inFlight += next.entries();
            admitted.add(next);
        }
    }

    private boolean fits(int entries) {
        return inFlight == 0 || inFlight + entries <= limit;
    }
}
