package dev.candor.verifier.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How to build an inclusion or consistency proof from stored perfect-subtree hashes (transparency-dev
 * {@code proof.Nodes}).
 * <p>
 * Usage: fetch the hash of every node in {@link #ids()}, in order, then call {@link #rehash(List)}. Proofs in a tree
 * whose size is not a power of two may need one <em>ephemeral</em> node: the root of the incomplete subtree on the
 * right border, which is never stored. {@code ids[begin, end)} are the stored nodes that make it up (lowest level
 * first); {@code rehash} folds them into the single proof element.
 *
 * @param ids       the stored nodes to fetch, in proof order
 * @param begin     start (inclusive) of the nodes that form the ephemeral node
 * @param end       end (exclusive) of the nodes that form the ephemeral node; {@code begin == end} when there is none
 * @param ephemeral the ephemeral node's ID, or null when {@code begin == end}
 */
public record ProofPlan(List<NodeId> ids, int begin, int end, NodeId ephemeral) {

    public ProofPlan {
        ids = List.copyOf(ids);
        if (begin < 0 || end < begin || end > ids.size()) {
            throw new IllegalArgumentException("invalid ephemeral range [" + begin + ", " + end + ")");
        }
    }

    /** The plan for an inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
    public static ProofPlan inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " out of bounds for tree size " + size);
        }
        return nodes(index, 0, size).skipFirst();
    }

    /**
     * The plan for a consistency proof from tree size {@code size1} to {@code size2}. It is empty when the sizes are
     * equal or {@code size1} is 0 (note that {@link ProofVerifier#verifyConsistency} refuses size1 = 0).
     */
    public static ProofPlan consistency(long size1, long size2) {
        if (size1 < 0 || size2 < size1) {
            throw new IllegalArgumentException("invalid tree sizes " + size1 + " -> " + size2);
        }
        if (size1 == size2 || size1 == 0) {
            return new ProofPlan(List.of(), 0, 0, null);
        }
        // The largest perfect subtree that ends at size1.
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >>> level;
        // The proof is that node plus its inclusion proof in the tree of size2. When size1 is a power of two the node
        // is the old root, which the verifier already has.
        ProofPlan plan = nodes(index, level, size2);
        return index == 0 ? plan.skipFirst() : plan;
    }

    /** The nodes that prove the (level, index) node is in the tree of the given size, starting with that node. */
    private static ProofPlan nodes(long index, int level, long size) {
        // The fork is where the path to (level, index) leaves the path to leaf `size`; its sibling is the
        // ephemeral node, incomplete in this tree.
        int inner = 63 - Long.numberOfLeadingZeros(index ^ (size >>> level));
        NodeId fork = new NodeId(level + inner, index >>> inner);
        long forkBegin = fork.begin();
        long forkEnd = fork.end();

        List<NodeId> ids = new ArrayList<>();
        NodeId node = new NodeId(level, index);
        ids.add(node);
        // Siblings along the path up to the fork.
        for (; node.level() < fork.level(); node = node.parent()) {
            ids.add(node.sibling());
        }
        // Nodes covering [forkEnd, size): together they are the ephemeral node. Reversed so that rehash can fold them
        // from the lowest level up.
        int ephemBegin = ids.size();
        List<NodeId> right = CompactRange.rangeNodes(forkEnd, size);
        Collections.reverse(right);
        ids.addAll(right);
        int ephemEnd = ids.size();
        // Nodes covering [0, forkBegin), from lower to upper levels.
        List<NodeId> left = CompactRange.rangeNodes(0, forkBegin);
        Collections.reverse(left);
        ids.addAll(left);

        if (ephemBegin >= ephemEnd) {
            return new ProofPlan(ids, 0, 0, null);
        }
        return new ProofPlan(ids, ephemBegin, ephemEnd, fork.sibling());
    }

    private ProofPlan skipFirst() {
        List<NodeId> rest = ids.subList(1, ids.size());
        if (begin < end) {
            return new ProofPlan(rest, begin - 1, end - 1, ephemeral);
        }
        return new ProofPlan(rest, 0, 0, null);
    }

    /**
     * Turns the fetched hashes (one per ID of {@link #ids()}, same order) into the proof: the hashes that make up the
     * ephemeral node are replaced by their combined hash.
     */
    public List<byte[]> rehash(List<byte[]> hashes) {
        if (hashes.size() != ids.size()) {
            throw new IllegalArgumentException("got " + hashes.size() + " hashes for " + ids.size() + " node IDs");
        }
        List<byte[]> proof = new ArrayList<>(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            byte[] hash = hashes.get(i);
            if (i >= begin && i < end) {
                // Earlier entries are lower and to the right, so each next one is a left child.
                for (i++; i < end; i++) {
                    hash = Rfc6962.nodeHash(hashes.get(i), hash);
                }
                i--;
            }
            proof.add(hash.clone());
        }
        return proof;
    }
}
