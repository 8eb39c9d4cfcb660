package dev.candor.verifier.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The compact range [0, size) of a log: the hashes of the perfect subtrees that cover it, at most one per level,
 * ordered from left (largest) to right (smallest). This "frontier" is all an integrator needs to keep to extend the
 * tree and compute its root, which is why it is also the state to restore from.
 * <p>
 * Modeled on transparency-dev {@code compact.Range}, restricted to ranges that start at 0. Not thread-safe.
 */
public final class CompactRange {

    private long size;
    private final ArrayList<byte[]> hashes;

    private CompactRange(long size, ArrayList<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    /** The range of the empty tree. */
    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /**
     * Restores a range from its stored frontier: the hashes of the nodes {@link #frontierIds(long) frontierIds(size)},
     * in that order.
     */
    public static CompactRange fromFrontier(long size, List<byte[]> frontier) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (frontier.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException(
                    "a range of size " + size + " has " + Long.bitCount(size) + " frontier hashes, got " + frontier.size());
        }
        ArrayList<byte[]> copy = new ArrayList<>(frontier.size());
        for (byte[] hash : frontier) {
            copy.add(checkedCopy(hash));
        }
        return new CompactRange(size, copy);
    }

    /** The IDs of the perfect subtrees that cover [0, size), largest (leftmost) first. */
    public static List<NodeId> frontierIds(long size) {
        return rangeNodes(0, size);
    }

    /**
     * The IDs of the perfect subtrees that make up the minimal cover of [begin, end), ordered by position from left
     * to right (like transparency-dev {@code compact.RangeNodes}).
     */
    public static List<NodeId> rangeNodes(long begin, long end) {
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("invalid range [" + begin + ", " + end + ")");
        }
        long[] masks = decompose(begin, end);
        long left = masks[0];
        long right = masks[1];
        List<NodeId> ids = new ArrayList<>(Long.bitCount(left) + Long.bitCount(right));
        long pos = begin;
        // Left border: subtrees grow from lower to upper levels.
        while (left != 0) {
            int level = Long.numberOfTrailingZeros(left);
            long bit = 1L << level;
            ids.add(new NodeId(level, pos >>> level));
            pos += bit;
            left ^= bit;
        }
        // Right border: subtrees shrink from upper to lower levels.
        while (right != 0) {
            int level = 63 - Long.numberOfLeadingZeros(right);
            long bit = 1L << level;
            ids.add(new NodeId(level, pos >>> level));
            pos += bit;
            right ^= bit;
        }
        return ids;
    }

    /** Number of nodes in the minimal cover of [begin, end). */
    static int rangeSize(long begin, long end) {
        long[] masks = decompose(begin, end);
        return Long.bitCount(masks[0]) + Long.bitCount(masks[1]);
    }

    /**
     * Splits [begin, end) into aligned power-of-two pieces, as two bit masks: the left border's sizes (read from the
     * low bit up) and the right border's sizes (read from the high bit down). Same as transparency-dev
     * {@code compact.Decompose}.
     */
    static long[] decompose(long begin, long end) {
        if (begin == 0) {
            return new long[] {0, end};
        }
        long xbegin = begin - 1;
        // Only nodes strictly below the point where the paths to leaves begin-1 and end diverge are in the range.
        int d = 63 - Long.numberOfLeadingZeros(xbegin ^ end);
        long mask = (1L << d) - 1;
        return new long[] {~xbegin & mask, end & mask};
    }

    /** Number of leaves covered: the range is [0, size). */
    public long size() {
        return size;
    }

    /** Copies of the frontier hashes, in the order of {@link #frontierIds()}. */
    public List<byte[]> frontier() {
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            copy.add(hash.clone());
        }
        return copy;
    }

    /** The IDs of the frontier nodes. */
    public List<NodeId> frontierIds() {
        return frontierIds(size);
    }

    /** The RFC 6962 root of the tree of {@link #size()} leaves. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return Rfc6962.emptyRoot();
        }
        // The frontier shrinks to the right, which is exactly how RFC 6962 splits an unbalanced tree.
        byte[] hash = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            hash = Rfc6962.nodeHash(hashes.get(i), hash);
        }
        return hash.clone();
    }

    /**
     * Appends one leaf hash. The visitor (may be null) sees the leaf node (level 0) and then every parent node that
     * this leaf completes.
     */
    public void append(byte[] leafHash, NodeVisitor visitor) {
        byte[] hash = checkedCopy(leafHash);
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("tree is full");
        }
        long index = size;
        int level = 0;
        visit(visitor, level, index, hash);
        // Each trailing 1 bit of the old size is a left sibling waiting for this subtree.
        while ((index & 1) == 1) {
            byte[] left = hashes.remove(hashes.size() - 1);
            hash = Rfc6962.nodeHash(left, hash);
            level++;
            index >>>= 1;
            visit(visitor, level, index, hash);
        }
        hashes.add(hash);
        size++;
    }

    /** Appends leaf hashes in order; see {@link #append(byte[], NodeVisitor)}. */
    public void appendAll(List<byte[]> leafHashes, NodeVisitor visitor) {
        for (byte[] leafHash : leafHashes) {
            append(leafHash, visitor);
        }
    }

    /** An independent copy of this range. */
    public CompactRange copy() {
        return fromFrontier(size, hashes);
    }

    private static void visit(NodeVisitor visitor, int level, long index, byte[] hash) {
        if (visitor != null) {
            visitor.visit(new NodeId(level, index), hash.clone());
        }
    }

    private static byte[] checkedCopy(byte[] hash) {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != Rfc6962.HASH_SIZE) {
            throw new IllegalArgumentException("hash must be " + Rfc6962.HASH_SIZE + " bytes, got " + hash.length);
        }
        return hash.clone();
    }

    @Override
    public String toString() {
        return "CompactRange[size=" + size + ", frontier=" + Collections.unmodifiableList(frontierIds()) + "]";
    }
}
