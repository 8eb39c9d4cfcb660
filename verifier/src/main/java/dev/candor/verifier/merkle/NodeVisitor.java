package dev.candor.verifier.merkle;

/** Receives every perfect-subtree node whose hash becomes known, e.g. to persist it. */
@FunctionalInterface
public interface NodeVisitor {

    /** Called once per node, children before parents. The hash is a fresh copy the visitor may keep. */
    void visit(NodeId id, byte[] hash);
}
