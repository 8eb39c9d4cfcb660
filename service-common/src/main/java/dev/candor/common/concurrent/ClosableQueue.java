package dev.candor.common.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A queue handing work from many callers to one consumer thread, which can be closed: once {@link #close} has
 * returned, no {@link #offer} is accepted any more, so the consumer can tell when nothing more will come
 * ({@link #finished}) and whoever stops it can fail what is left ({@link #drain}).
 *
 * <p>Why a class: "is it still open?" and the add must be one step. Done apart, a caller that saw "open", then
 * added after the consumer had seen "closed and empty" and ended, waited for an answer that never came — the
 * request hung until the process died (review A8). Callers share the lock (they do not wait for each other);
 * only {@link #close} takes it alone.
 *
 * @param <E> what is queued
 */
public final class ClosableQueue<E> {

    /** What became of an {@link #offer}. */
    public enum Offer {
        ACCEPTED,
        /** The queue holds its capacity already. */
        FULL,
        /** The queue was closed: its consumer is ending or has ended. */
        CLOSED
    }

    private final LinkedBlockingQueue<E> queue;
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean open = true;

    /** An unbounded queue. */
    public ClosableQueue() {
        this(Integer.MAX_VALUE);
    }

    public ClosableQueue(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /** Adds the item unless the queue is closed or full; never waits for room. */
    public Offer offer(E item) {
        Lock shared = gate.readLock();
        shared.lock();
        try {
            if (!open) {
                return Offer.CLOSED;
            }
            return queue.offer(item) ? Offer.ACCEPTED : Offer.FULL;
        } finally {
            shared.unlock();
        }
    }

    /** After this returns no offer is accepted; what was accepted before stays queued. */
    public void close() {
        Lock exclusive = gate.writeLock();
        exclusive.lock();
        try {
            open = false;
        } finally {
            exclusive.unlock();
        }
    }

    public boolean isOpen() {
        return open;
    }

    /** Closed and empty: nothing is left and nothing more can come, so the consumer may end. */
    public boolean finished() {
        // In this order: every accepted offer happened before the close it raced with, so once "closed" is seen
        // the emptiness check sees every item ever accepted.
        return !open && queue.isEmpty();
    }

    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    public E poll() {
        return queue.poll();
    }

    public E peek() {
        return queue.peek();
    }

    /** Takes out everything queued now. */
    public List<E> drain() {
        List<E> all = new ArrayList<>();
        queue.drainTo(all);
        return all;
    }
}
