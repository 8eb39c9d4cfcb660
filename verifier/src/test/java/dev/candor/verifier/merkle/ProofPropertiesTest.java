package dev.candor.verifier.merkle;

import static dev.candor.verifier.TestSeed.at;
import static dev.candor.verifier.merkle.TestTrees.LEAF_HASHES;
import static dev.candor.verifier.merkle.TestTrees.TREE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.candor.verifier.TestSeed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof generation, verification and CompactRange, checked against {@link NaiveRfc6962}.
 * <p>
 * Each property runs over every tree size up to {@value #EXHAUSTIVE} with every index (or first size, or split
 * point), the sizes either side of each power of two up to {@link TestTrees#MAX_SIZE}, and a random sample of sizes
 * up to {@link TestTrees#MAX_SIZE} with sampled indices. The random choices come from {@link TestSeed}.
 */
class ProofPropertiesTest {

    /** Every size up to this one is checked with every index. */
    static final int EXHAUSTIVE = 64;

    /** How many random sizes in (EXHAUSTIVE, MAX_SIZE] each property adds. */
    static final int RANDOM_SIZES = 24;

    /** How many random indices each large size adds to its fixed ones. */
    static final int RANDOM_PARTNERS = 6;

    // ---- case generation ----

    /** Every size from {@code min} to EXHAUSTIVE, 2^k - 1, 2^k and 2^k + 1 up to MAX_SIZE, and random sizes. */
    static TreeSet<Integer> sizes(int min, Random random) {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int n = min; n <= EXHAUSTIVE; n++) {
            sizes.add(n);
        }
        for (int p = 2 * EXHAUSTIVE; p <= TestTrees.MAX_SIZE; p <<= 1) {
            sizes.add(p - 1);
            sizes.add(p);
            sizes.add(Math.min(p + 1, TestTrees.MAX_SIZE));
        }
        for (int i = 0; i < RANDOM_SIZES; i++) {
            sizes.add(EXHAUSTIVE + 1 + random.nextInt(TestTrees.MAX_SIZE - EXHAUSTIVE));
        }
        return sizes;
    }

    /**
     * Values in [lo, hi] to pair with a tree of the given size: all of them for a small tree; otherwise both ends and
     * their neighbours, the middle, the largest power of two in range and one random power of two (each with the
     * value before it), and a few random values.
     */
    static int[] partners(int size, int lo, int hi, Random random) {
        if (size <= EXHAUSTIVE) {
            return IntStream.rangeClosed(lo, hi).toArray();
        }
        TreeSet<Integer> values = new TreeSet<>(List.of(lo, lo + 1, lo + (hi - lo) / 2, hi - 1, hi));
        int largestPowerOfTwo = Integer.highestOneBit(hi);
        int somePowerOfTwo = 1 << random.nextInt(Integer.numberOfTrailingZeros(largestPowerOfTwo) + 1);
        for (int p : new int[] {largestPowerOfTwo, somePowerOfTwo}) {
            values.add(p);
            values.add(p - 1);
        }
        for (int i = 0; i < RANDOM_PARTNERS; i++) {
            values.add(lo + random.nextInt(hi - lo + 1));
        }
        return values.stream().mapToInt(Integer::intValue).filter(v -> lo <= v && v <= hi).toArray();
    }

    private static Stream<Arguments> pairs(String stream, int minSize, int lo, int hiBelowSize, String what) {
        Random random = TestSeed.random(stream);
        return sizes(minSize, random).stream().map(size -> {
            int[] values = partners(size, lo, size - hiBelowSize, random);
            String label = size <= EXHAUSTIVE ? "every " + what : values.length + " sampled " + what + "s";
            return argumentSet("size " + size + ", " + label, size, values);
        });
    }

    /** (tree size, leaf indices in [0, size)), size >= 1. */
    static Stream<Arguments> sizesAndIndices() {
        return pairs("sizes and indices", 1, 0, 1, "index");
    }

    /** (second tree size, first tree sizes in [1, size2]), size2 >= 1. */
    static Stream<Arguments> sizesAndEarlierSizes() {
        return pairs("sizes and earlier sizes", 1, 1, 0, "first size");
    }

    /** (tree size, split points in [0, size]), size >= 0. */
    static Stream<Arguments> sizesAndSplits() {
        return pairs("sizes and splits", 0, 0, 0, "split");
    }

    /** Tree sizes >= 0. */
    static Stream<Integer> sizes() {
        return sizes(0, TestSeed.random("sizes")).stream();
    }

    // ---- properties ----

    @ParameterizedTest
    @MethodSource("sizesAndIndices")
    void inclusionProofEqualsNaivePathAndVerifies(int size, int[] indices) {
        byte[] root = NaiveRfc6962.mth(LEAF_HASHES, 0, size);
        assertThat(TREE.root(size)).as(at("root of size %d", size)).isEqualTo(root);
        for (int index : indices) {
            String where = at("inclusion of leaf %d in tree size %d", index, size);
            List<byte[]> proof = TREE.inclusionProof(index, size);

            assertThat(proof).as(where).usingElementComparator(ProofPropertiesTest::compareBytes)
                    .containsExactlyElementsOf(NaiveRfc6962.path(LEAF_HASHES, index, 0, size));
            assertThatCode(() -> ProofVerifier.verifyInclusion(index, size, LEAF_HASHES.get(index), proof, root))
                    .as(where).doesNotThrowAnyException();
            // The same proof does not prove a neighbouring leaf.
            if (size > 1) {
                int other = (index + 1) % size;
                assertThatExceptionOfType(ProofException.class).as(where + ", claimed at index " + other)
                        .isThrownBy(() -> ProofVerifier.verifyInclusion(other, size, LEAF_HASHES.get(index), proof, root));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sizesAndEarlierSizes")
    void consistencyProofEqualsNaiveProofAndVerifies(int size2, int[] sizes1) {
        byte[] root2 = NaiveRfc6962.mth(LEAF_HASHES, 0, size2);
        for (int size1 : sizes1) {
            String where = at("consistency from size %d to size %d", size1, size2);
            List<byte[]> proof = TREE.consistencyProof(size1, size2);

            assertThat(proof).as(where).usingElementComparator(ProofPropertiesTest::compareBytes)
                    .containsExactlyElementsOf(NaiveRfc6962.proof(LEAF_HASHES, size1, size2));
            byte[] root1 = NaiveRfc6962.mth(LEAF_HASHES, 0, size1);
            assertThatCode(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2))
                    .as(where).doesNotThrowAnyException();
            if (size1 < size2) {
                // Any flipped bit in any proof hash breaks it.
                for (int i = 0; i < proof.size(); i++) {
                    List<byte[]> bad = new ArrayList<>(proof);
                    byte[] h = bad.get(i).clone();
                    h[i % h.length] ^= 1;
                    bad.set(i, h);
                    assertThatExceptionOfType(ProofException.class).as(where + ", proof hash " + i + " flipped")
                            .isThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, bad, root1, root2));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sizesAndIndices")
    void proofPlanNodesAreStoredPerfectSubtrees(int size, int[] indices) {
        for (int index : indices) {
            List<ProofPlan> plans = List.of(ProofPlan.inclusion(index, size), ProofPlan.consistency(index + 1, size));
            for (ProofPlan plan : plans) {
                String where = at("%s (leaf %d, tree size %d)", plan, index, size);
                for (NodeId id : plan.ids()) {
                    // Only complete subtrees are ever requested from storage...
                    assertThat(id.end()).as(where + ", node " + id).isLessThanOrEqualTo(size);
                    // ...and the stored hash is the RFC 6962 subtree hash.
                    assertThat(TREE.nodeHash(id)).as(where + ", node " + id)
                            .isEqualTo(NaiveRfc6962.mth(LEAF_HASHES, (int) id.begin(), (int) id.end()));
                }
                if (plan.begin() < plan.end()) {
                    NodeId ephemeral = plan.ephemeral();
                    assertThat(ephemeral.end()).as(where + ": ephemeral node is incomplete").isGreaterThan(size);
                    assertThat(ephemeral.begin()).as(where + ": ephemeral node").isLessThan(size);
                }
            }
        }
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("sizes")
    void compactRangeRootEqualsNaiveRoot(int size) {
        String where = at("compact range of size %d", size);
        CompactRange range = CompactRange.empty();
        range.appendAll(LEAF_HASHES.subList(0, size), null);
        assertThat(range.size()).as(where).isEqualTo(size);
        assertThat(range.root()).as(where).isEqualTo(NaiveRfc6962.mth(LEAF_HASHES, 0, size));
        assertThat(range.frontierIds()).as(where).hasSize(Long.bitCount(size));
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("sizes")
    void compactRangeEmitsEveryPerfectSubtreeWithItsHash(int size) {
        String where = at("compact range of size %d", size);
        CompactRange range = CompactRange.empty();
        List<NodeId> ids = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        range.appendAll(LEAF_HASHES.subList(0, size), (id, hash) -> {
            ids.add(id);
            hashes.add(hash);
        });
        assertThat(ids).as(where + ": emitted nodes").doesNotHaveDuplicates();
        assertThat(ids.stream().filter(id -> id.end() > size)).as(where + ": emitted incomplete nodes").isEmpty();
        List<NodeId> wrongHash = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            NodeId id = ids.get(i);
            if (!Arrays.equals(hashes.get(i), NaiveRfc6962.mth(LEAF_HASHES, (int) id.begin(), (int) id.end()))) {
                wrongHash.add(id);
            }
        }
        assertThat(wrongHash).as(where + ": nodes emitted with a hash other than the RFC 6962 subtree hash").isEmpty();
        long perfectSubtrees = 0;
        for (int level = 0; (1L << level) <= size; level++) {
            perfectSubtrees += size >> level;
        }
        assertThat(ids).as(where).hasSize((int) perfectSubtrees);
    }

    @ParameterizedTest
    @MethodSource("sizesAndSplits")
    void restoringFromStoredFrontierThenAppendingEqualsAppendingAll(int size, int[] splits) {
        // Appending all leaves at once; firstEmittedBy.get(i) is the position in allEmitted of the first node
        // emitted when leaf i was appended.
        List<NodeId> allEmitted = new ArrayList<>();
        List<Integer> firstEmittedBy = new ArrayList<>();
        CompactRange whole = CompactRange.empty();
        for (int i = 0; i < size; i++) {
            firstEmittedBy.add(allEmitted.size());
            whole.append(LEAF_HASHES.get(i), (id, hash) -> allEmitted.add(id));
        }
        firstEmittedBy.add(allEmitted.size());

        for (int split : splits) {
            String where = at("restored at %d, appended up to %d", split, size);

            // A new integrator: read the frontier nodes of size `split` from storage, then carry on.
            List<NodeId> frontierIds = CompactRange.frontierIds(split);
            CompactRange restored = CompactRange.fromFrontier(split, TREE.hashes(frontierIds));
            assertThat(restored.root()).as(where).isEqualTo(NaiveRfc6962.mth(LEAF_HASHES, 0, split));
            List<NodeId> emittedAfterSplit = new ArrayList<>();
            List<byte[]> hashesAfterSplit = new ArrayList<>();
            restored.appendAll(LEAF_HASHES.subList(split, size), (id, hash) -> {
                emittedAfterSplit.add(id);
                hashesAfterSplit.add(hash);
            });

            assertThat(restored.size()).as(where).isEqualTo(whole.size());
            assertThat(restored.root()).as(where).isEqualTo(whole.root());
            assertThat(restored.frontierIds()).as(where).isEqualTo(whole.frontierIds());
            assertThat(restored.frontier()).as(where).usingElementComparator(ProofPropertiesTest::compareBytes)
                    .containsExactlyElementsOf(whole.frontier());
            // The nodes that appending all at once emits for leaves split.., and with the stored hashes.
            assertThat(emittedAfterSplit).as(where)
                    .isEqualTo(allEmitted.subList(firstEmittedBy.get(split), allEmitted.size()));
            assertThat(hashesAfterSplit).as(where).usingElementComparator(ProofPropertiesTest::compareBytes)
                    .containsExactlyElementsOf(TREE.hashes(emittedAfterSplit));
        }
    }

    @ParameterizedTest(name = "level {0}")
    @MethodSource("levels")
    void rehashWithoutEphemeralIsIdentity(int level) {
        // In a perfect tree no proof needs an ephemeral node.
        int size = 1 << level;
        for (int index = 0; index < size; index++) {
            String where = at("leaf %d of perfect tree size %d", index, size);
            ProofPlan plan = ProofPlan.inclusion(index, size);
            assertThat(plan.begin()).as(where).isEqualTo(plan.end());
            assertThat(plan.ephemeral()).as(where).isNull();
            assertThat(plan.ids()).as(where).hasSize(level);
        }
    }

    static IntStream levels() {
        return IntStream.rangeClosed(0, 11); // 2^11 = MAX_SIZE
    }

    // ---- the case generators themselves ----

    @Test
    void casesCoverSmallTreesExhaustivelyAndLargeTreesUpToMaxSize() {
        TreeSet<Integer> sizes = sizes(0, TestSeed.random("self-check"));
        assertThat(sizes.headSet(EXHAUSTIVE, true)).hasSize(EXHAUSTIVE + 1);
        assertThat(sizes.last()).isEqualTo(TestTrees.MAX_SIZE);
        assertThat(sizes.tailSet(EXHAUSTIVE, false)).as(at("large sizes")).hasSizeGreaterThan(RANDOM_SIZES / 2)
                .allMatch(size -> size <= TestTrees.MAX_SIZE);
        assertThat(partners(40, 0, 39, new Random(0))).hasSize(40);
        assertThat(partners(1000, 0, 999, new Random(0))).contains(0, 1, 499, 511, 512, 998, 999)
                .doesNotHaveDuplicates().isSorted();
        assertThat(IntStream.of(partners(1000, 0, 999, new Random(0)))).allMatch(i -> 0 <= i && i < 1000);
    }

    // ---- examples ----

    @Test
    void frontierIdsAreLargestFirst() {
        assertThat(CompactRange.frontierIds(13))
                .containsExactly(new NodeId(3, 0), new NodeId(2, 2), new NodeId(0, 12));
        assertThat(CompactRange.rangeNodes(3, 13))
                .containsExactly(new NodeId(0, 3), new NodeId(2, 1), new NodeId(2, 2), new NodeId(0, 12));
        assertThat(CompactRange.frontierIds(0)).isEmpty();
    }

    @Test
    void plansForDatabaseBackedLogs() {
        // Leaf 2 in a tree of 7: sibling leaf 3, then the left subtree (1,0), then the ephemeral node over [4,7),
        // made of (0,6) and (1,2).
        ProofPlan plan = ProofPlan.inclusion(2, 7);
        assertThat(plan.ids()).containsExactly(new NodeId(0, 3), new NodeId(1, 0), new NodeId(0, 6), new NodeId(1, 2));
        assertThat(plan.ids().subList(plan.begin(), plan.end())).containsExactly(new NodeId(0, 6), new NodeId(1, 2));
        assertThat(plan.ephemeral()).isEqualTo(new NodeId(2, 1));
        assertThat(plan.rehash(TREE.hashes(plan.ids()))).hasSize(3);
        assertThat(ProofPlan.consistency(0, 5).ids()).isEmpty();
        assertThat(ProofPlan.consistency(5, 5).ids()).isEmpty();
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> ProofPlan.inclusion(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProofPlan.consistency(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactRange.fromFrontier(3, List.of(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactRange.empty().append(new byte[31], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TREE.inclusionProof(0, TestTrees.MAX_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static int compareBytes(byte[] a, byte[] b) {
        return Arrays.compare(a, b);
    }
}
