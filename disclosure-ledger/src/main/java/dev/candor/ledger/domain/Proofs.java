package dev.candor.ledger.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.ledger.persistence.TreeStore;
import dev.candor.verifier.merkle.ProofPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

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
        return tree.latestCheckpoint().map(TreeStore.StoredCheckpoint::treeSize).orElse(0L);
    }

    public InclusionProof inclusion(long leafIndex, Long requestedTreeSize) {
        long signed = signedSize();
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

    public ConsistencyProof consistency(long fromSize, Long requestedToSize) {
        long signed = signedSize();
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
