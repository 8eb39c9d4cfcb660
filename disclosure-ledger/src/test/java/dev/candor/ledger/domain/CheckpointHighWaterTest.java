package dev.candor.ledger.domain;

import dev.candor.ledger.persistence.TreeStore.StoredCheckpoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard against a database that went backwards: what contradicts the largest checkpoint seen. */
class CheckpointHighWaterTest {

    static byte[] root(int b) {
        byte[] root = new byte[32];
        root[0] = (byte) b;
        return root;
    }

    static Optional<StoredCheckpoint> latest(long size, byte[] root) {
        return Optional.of(new StoredCheckpoint(size, root, "note", Instant.EPOCH));
    }

    /** The stored tree's roots at a few sizes; any other is missing. */
    static CheckpointHighWater.StoredRoots tree(Map<Long, byte[]> roots) {
        return size -> {
            byte[] root = roots.get(size);
            if (root == null) {
                throw new IllegalStateException("tree node 0/" + (size - 1) + " is missing");
            }
            return root;
        };
    }

    @Test
    void theLargestCheckpointSeenIsKeptWithTheFirstRootSeenAtItsSize() {
        CheckpointHighWater highWater = new CheckpointHighWater();
        assertThat(highWater.highest()).isEmpty();
        highWater.seen(5, root(5));
        highWater.seen(3, root(3)); // read before the 5 was, remembered after it
        highWater.seen(5, root(99));

        assertThat(highWater.highest()).hasValueSatisfying(m -> {
            assertThat(m.treeSize()).isEqualTo(5);
            assertThat(m.root()).isEqualTo(root(5));
        });
    }

    @Test
    void theSameCheckpointOrALargerOneOverTheSameTreeIsFine() throws Exception {
        CheckpointHighWater.Mark mark = new CheckpointHighWater.Mark(5, root(5));
        assertThat(mark.contradictedBy(latest(5, root(5)), tree(Map.of()))).isEmpty();
        assertThat(mark.contradictedBy(latest(9, root(9)), tree(Map.of(5L, root(5))))).isEmpty();
    }

    @Test
    void aSmallerCheckpointOrNoneIsTheDatabaseGoingBackwards() throws Exception {
        CheckpointHighWater.Mark mark = new CheckpointHighWater.Mark(5, root(5));
        assertThat(mark.contradictedBy(latest(3, root(3)), tree(Map.of()))).hasValueSatisfying(p -> assertThat(p)
                .startsWith("the database's latest checkpoint is of tree size 3, behind the one of size 5")
                .contains("went backwards"));
        assertThat(mark.contradictedBy(Optional.empty(), tree(Map.of())))
                .hasValueSatisfying(p -> assertThat(p).contains("tree size 0, behind the one of size 5"));
    }

    @Test
    void anotherRootAtTheSizeSeenIsAnotherHistory() throws Exception {
        CheckpointHighWater.Mark mark = new CheckpointHighWater.Mark(5, root(5));
        assertThat(mark.contradictedBy(latest(5, root(6)), tree(Map.of())))
                .hasValueSatisfying(p -> assertThat(p).startsWith("the database's tree of size 5 has root")
                        .endsWith("another history"));
        assertThat(mark.contradictedBy(latest(9, root(9)), tree(Map.of(5L, root(6)))))
                .as("a larger checkpoint over a tree that forked below the mark")
                .hasValueSatisfying(p -> assertThat(p).endsWith("another history"));
        assertThat(mark.contradictedBy(latest(9, root(9)), tree(Map.of())))
                .hasValueSatisfying(p -> assertThat(p).contains("no longer holds the tree of size 5")
                        .contains("is missing"));
    }
}
