package dev.candor.verifier.merkle;

/**
 * The address of a perfect subtree: its height {@code level} (0 for leaves) and its position {@code index} among
 * the nodes of that level, counted from the left. The node covers leaves [index·2^level, (index+1)·2^level).
 * <p>
 * This is how the ledger stores interior hashes: a node is written once, when its subtree becomes complete, and
 * never changes afterwards.
 */
public record NodeId(int level, long index) {

    public NodeId {
        if (level < 0 || level > 63) {
            throw new IllegalArgumentException("level out of range: " + level);
        }
        if (index < 0 || (level > 0 && index > (Long.MAX_VALUE >>> level))) {
            throw new IllegalArgumentException("index out of range: " + index + " at level " + level);
        }
    }

    /** First leaf index covered by this node. */
    public long begin() {
        return index << level;
    }

    /** One past the last leaf index covered by this node. */
    public long end() {
        return (index + 1) << level;
    }

    public NodeId parent() {
        return new NodeId(level + 1, index >>> 1);
    }

    public NodeId sibling() {
        return new NodeId(level, index ^ 1);
    }

    /**
     * Distinct for every node of a tree below 2^57 leaves (a record's default hash, {@code 31·level + index}, gives
     * (l, i) and (l+1, i−31) the same hash, and a page of proofs hit that so often that hash maps degraded to trees).
     */
    @Override
    public int hashCode() {
        return Long.hashCode(index << 6 | level);
    }

    @Override
    public String toString() {
        return "(" + level + "," + index + ")";
    }
}
