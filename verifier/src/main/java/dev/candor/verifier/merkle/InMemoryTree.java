package dev.candor.verifier.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole RFC 6962 tree in memory: every perfect-subtree hash, stored by {@link NodeId} exactly as the ledger stores
 * them in its database, and proofs built through {@link ProofPlan} the same way. Handy for tests and small logs.
 * Not thread-safe.
 */
public final class InMemoryTree {

    /** levels.get(l).get(i) is the hash of node (l, i). */
    private final List<List<byte[]>> levels = new ArrayList<>();
    private final CompactRange range = CompactRange.empty();

    /** Appends a leaf by its data (hashed with {@link Rfc6962#leafHash}). Returns its index. */
    public long appendLeaf(byte[] leafData) {
        return appendLeafHash(Rfc6962.leafHash(leafData));
    }

    /** Appends a leaf by its hash. Returns its index. */
    public long appendLeafHash(byte[] leafHash) {
        long index = range.size();
        range.append(leafHash, this::store);
        return index;
    }

    private void store(NodeId id, byte[] hash) {
        while (levels.size() <= id.level()) {
            levels.add(new ArrayList<>());
        }
        List<byte[]> level = levels.get(id.level());
        if (level.size() != id.index()) {
            throw new IllegalStateException("node " + id + " out of order");
        }
        level.add(hash);
    }

    public long size() {
        return range.size();
    }

    /** The current root. */
    public byte[] root() {
        return range.root();
    }

    /** The root of the tree made of the first {@code size} leaves. */
    public byte[] root(long size) {
        checkSize(size);
        List<NodeId> ids = CompactRange.frontierIds(size);
        return CompactRange.fromFrontier(size, hashes(ids)).root();
    }

    public byte[] leafHash(long index) {
        return nodeHash(new NodeId(0, index));
    }

    /** The hash of a complete perfect subtree. */
    public byte[] nodeHash(NodeId id) {
        if (id.level() >= levels.size() || id.index() >= levels.get(id.level()).size()) {
            throw new IllegalArgumentException("node " + id + " is not complete in a tree of size " + size());
        }
        return levels.get(id.level()).get((int) id.index()).clone();
    }

    /** Hashes of the given nodes, in order. */
    public List<byte[]> hashes(List<NodeId> ids) {
        List<byte[]> result = new ArrayList<>(ids.size());
        for (NodeId id : ids) {
            result.add(nodeHash(id));
        }
        return result;
    }

    /** Inclusion proof for leaf {@code index} in the tree of the first {@code size} leaves. */
    public List<byte[]> inclusionProof(long index, long size) {
        checkSize(size);
        ProofPlan plan = ProofPlan.inclusion(index, size);
        return plan.rehash(hashes(plan.ids()));
    }

    /** Consistency proof between the trees of the first {@code size1} and {@code size2} leaves. */
    public List<byte[]> consistencyProof(long size1, long size2) {
        checkSize(size2);
        ProofPlan plan = ProofPlan.consistency(size1, size2);
        return plan.rehash(hashes(plan.ids()));
    }

    private void checkSize(long size) {
        if (size < 0 || size > size()) {
            throw new IllegalArgumentException("size " + size + " is outside the tree of size " + size());
        }
    }
}
