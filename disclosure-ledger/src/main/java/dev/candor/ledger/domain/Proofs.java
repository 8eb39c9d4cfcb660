package dev.candor.ledger.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.ledger.persistence.TreeStore;
import dev.candor.verifier.merkle.ProofPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.candor.verifier.merkle.NodeId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Inclusion and consistency proofs, built from the stored tree nodes for any signed tree size. */
@ApplicationScoped
public class Proofs {

    @Inject
    TreeStore tree;

    public record InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes) {
    }

    public record ConsistencyProof(long fromSize, long toSize, List<byte[]> hashes) {
    }

    /** The latest signed tree size (0 before the first checkpoint). */
    public long signedSize() {
        return signedSize(0);
    }

    /** The latest signed tree size, read afresh if the one in memory is below {@code wanted}. */
    public long signedSize(long wanted) {
        return tree.latestCheckpoint(wanted).map(TreeStore.StoredCheckpoint::treeSize).orElse(0L);
    }

    public InclusionProof inclusion(long leafIndex, Long requestedTreeSize) {
        long signed = signedSize(requestedTreeSize == null ? 0 : requestedTreeSize);
        long treeSize = requestedTreeSize == null ? signed : requestedTreeSize;
        if (treeSize > signed) {
            throw ProblemException.validation("treeSize", "is beyond the latest signed tree size " + signed);
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw ProblemException.validation("index", "must be below the tree size " + treeSize
                    + (leafIndex >= signed ? " (the entry may not be integrated yet)" : ""));
        }
        ProofPlan plan = ProofPlan.inclusion(leafIndex, treeSize);
        return new InclusionProof(leafIndex, treeSize, plan.rehash(tree.nodes(plan.ids())));
    }

    /**
     * Inclusion proofs of many leaves in one signed tree size, read with one query: what a report of thousands of
     * entries needs.
     */
    public List<InclusionProof> inclusionAll(List<Long> leafIndexes, long treeSize) {
        long signed = signedSize(treeSize);
        if (treeSize < 1 || treeSize > signed) {
            throw ProblemException.validation("proofsAt", "must be a signed tree size, at most " + signed);
        }
        List<ProofPlan> plans = new ArrayList<>(leafIndexes.size());
        List<NodeId> lower = new ArrayList<>();
        for (long index : leafIndexes) {
            if (index < 0 || index >= treeSize) {
                throw new IllegalArgumentException("leaf " + index + " is not in tree size " + treeSize);
            }
            ProofPlan plan = ProofPlan.inclusion(index, treeSize);
            plans.add(plan);
            for (NodeId id : plan.ids()) {
                if (tree.inMemory(id) == null) {
                    lower.add(id); // the few lowest levels: one query for the whole page
                }
            }
        }
        Map<NodeId, byte[]> read = tree.readMissing(lower);
        // The proofs of a page share their upper nodes, and most share the ephemeral node (the incomplete subtree on
        // the right border): it is folded once per page, and every hash is one shared array (none is ever written to).
        Map<NodeId, byte[]> ephemeral = new HashMap<>();
        List<InclusionProof> proofs = new ArrayList<>(plans.size());
        for (int i = 0; i < plans.size(); i++) {
            ProofPlan plan = plans.get(i);
            List<NodeId> planIds = plan.ids();
            List<byte[]> proof = new ArrayList<>(planIds.size());
            for (int k = 0; k < planIds.size(); k++) {
                if (k == plan.begin() && plan.begin() < plan.end()) {
                    proof.add(ephemeral.computeIfAbsent(plan.ephemeral(), id -> plan.rehash(
                            planIds.stream().map(n -> hash(n, read)).toList()).get(plan.begin())));
                    k = plan.end() - 1;
                } else {
                    proof.add(hash(planIds.get(k), read));
                }
            }
            proofs.add(new InclusionProof(leafIndexes.get(i), treeSize, proof));
        }
        return proofs;
    }

    private byte[] hash(NodeId id, Map<NodeId, byte[]> read) {
        byte[] hash = tree.inMemory(id);
        return hash != null ? hash : read.get(id);
    }

    public ConsistencyProof consistency(long fromSize, Long requestedToSize) {
        long signed = signedSize(requestedToSize == null ? 0 : requestedToSize);
        long toSize = requestedToSize == null ? signed : requestedToSize;
        if (toSize > signed) {
            throw ProblemException.validation("to", "is beyond the latest signed tree size " + signed);
        }
        if (fromSize < 1 || fromSize > toSize) {
            throw ProblemException.validation("from", "must be between 1 and " + toSize);
        }
        ProofPlan plan = ProofPlan.consistency(fromSize, toSize);
        return new ConsistencyProof(fromSize, toSize, plan.rehash(tree.nodes(plan.ids())));
    }
}
