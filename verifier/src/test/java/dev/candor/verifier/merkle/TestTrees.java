package dev.candor.verifier.merkle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared test fixtures: a fixed sequence of leaves and the tree made of them. */
final class TestTrees {

    static final int MAX_SIZE = 2048;

    /** Leaf hashes of the leaves "leaf 0", "leaf 1", ... */
    static final List<byte[]> LEAF_HASHES;

    /** The tree of all MAX_SIZE leaves; smaller trees are its prefixes. */
    static final InMemoryTree TREE = new InMemoryTree();

    static {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < MAX_SIZE; i++) {
            byte[] leaf = ("leaf " + i).getBytes(StandardCharsets.UTF_8);
            hashes.add(Rfc6962.leafHash(leaf));
            TREE.appendLeaf(leaf);
        }
        LEAF_HASHES = Collections.unmodifiableList(hashes);
    }

    private TestTrees() {
    }
}
