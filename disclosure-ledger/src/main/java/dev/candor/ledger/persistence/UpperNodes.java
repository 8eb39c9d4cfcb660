package dev.candor.ledger.persistence;

import dev.candor.verifier.merkle.NodeId;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stored tree's node hashes at {@code minLevel} and above, held in memory by level and index: a proof then reads
 * only its few lowest hashes from PostgreSQL. Dense arrays rather than a map: ~52 bytes per node instead of ~150, and
 * a look-up is two array reads. A stored node never changes, so whatever is here stays right; a node not here yet
 * (written by another replica's integrator, not loaded yet) is simply read from the database and added.
 * <p>
 * At level 4 this is 2 nodes per 16 leaves: ~6.5 MB of heap per million entries.
 */
public final class UpperNodes {

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final int minLevel;
    private final Level[] levels = new Level[64];
    private final LongAdder held = new LongAdder();

    public UpperNodes(int minLevel) {
        if (minLevel < 0 || minLevel > 63) {
            throw new IllegalArgumentException("level out of range: " + minLevel);
        }
        this.minLevel = minLevel;
        for (int l = minLevel; l < 64; l++) {
            levels[l] = new Level();
        }
    }

    /** Whether nodes at this level are kept here. */
    public boolean keeps(NodeId id) {
        return id.level() >= minLevel;
    }

    /** The hash, or null if it is not here (yet), or its level is not kept. */
    public byte[] get(NodeId id) {
        return keeps(id) ? levels[id.level()].get(id.index()) : null;
    }

    /** Keeps a hash that is committed in the database; nodes below the kept levels are ignored. */
    public void put(NodeId id, byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a node hash has 32 bytes, not " + hash.length);
        }
        if (keeps(id) && levels[id.level()].put(id.index(), hash)) {
            held.increment();
        }
    }

    /** How many hashes are held. */
    public long size() {
        return held.sum();
    }

    /** One level: chunks of 4,096 slots, added as indexes grow; readers never lock. */
    private static final class Level {
        @SuppressWarnings("unchecked")
        private volatile AtomicReferenceArray<byte[]>[] chunks = new AtomicReferenceArray[0];

        byte[] get(long index) {
            AtomicReferenceArray<byte[]>[] current = chunks;
            long chunk = index >>> CHUNK_BITS;
            return chunk < current.length ? current[(int) chunk].get((int) (index & (CHUNK - 1))) : null;
        }

        /** @return whether the slot was empty */
        boolean put(long index, byte[] hash) {
            long chunk = index >>> CHUNK_BITS;
            if (chunk >= Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("node index too large to keep: " + index);
            }
            AtomicReferenceArray<byte[]>[] current = chunks;
            if (chunk >= current.length) {
                current = grow((int) chunk + 1);
            }
            return current[(int) chunk].getAndSet((int) (index & (CHUNK - 1)), hash) == null;
        }

        private synchronized AtomicReferenceArray<byte[]>[] grow(int atLeast) {
            AtomicReferenceArray<byte[]>[] current = chunks;
            if (current.length >= atLeast) {
                return current;
            }
            AtomicReferenceArray<byte[]>[] grown = Arrays.copyOf(current, Math.max(atLeast, current.length * 2));
            for (int i = current.length; i < grown.length; i++) {
                grown[i] = new AtomicReferenceArray<>(CHUNK);
            }
            chunks = grown; // published whole: a reader sees the old array or the new, both valid
            return grown;
        }
    }
}
