package dev.candor.ledger.domain;

import dev.candor.ledger.persistence.TreeStore.StoredCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The largest checkpoint this process has seen or signed: its tree size and root. The checkpoint table is
 * append-only, so the database's latest checkpoint can only grow from there, over the same tree. A database that
 * went backwards — a failover to a replica the last commits had not reached, a restore from a backup — breaks that,
 * and an integrator trusting it would sign a second root for a tree size already published. So the integrator checks
 * the database against this mark before it signs, and halts instead (docs/ledger.md, "When the database goes back").
 * <p>
 * Fed with checkpoints known to be committed: those this process signed and those its readers read
 * ({@code TreeStore.signed}). It lives as long as the process: a restarted replica starts from what the database says.
 */
@ApplicationScoped
public class CheckpointHighWater {

    /** A checkpoint's tree size and root. */
    public record Mark(long treeSize, byte[] root) {

        /**
         * What the database's latest checkpoint contradicts in this mark, if anything: it is smaller (or there is
         * none), it has the same size and another root, or it is larger over a tree whose root at this mark's size is
         * another. {@code stored} gives the stored tree's root at a smaller size.
         */
        public Optional<String> contradictedBy(Optional<StoredCheckpoint> latest, StoredRoots stored)
                throws SQLException {
            long size = latest.map(StoredCheckpoint::treeSize).orElse(0L);
            if (size < treeSize) {
                return Optional.of("the database's latest checkpoint is of tree size " + size + ", behind the one of"
                        + " size " + treeSize + " this process has seen: the database went backwards (a failover to"
                        + " a replica the last commits had not reached, or a restore)");
            }
            byte[] there;
            try {
                there = size == treeSize ? latest.orElseThrow().rootHash() : stored.rootAt(treeSize);
            } catch (IllegalStateException missing) {
                return Optional.of("the database's tree no longer holds the tree of size " + treeSize + " this"
                        + " process has seen: " + missing.getMessage());
            }
            if (!Arrays.equals(there, root)) {
                return Optional.of("the database's tree of size " + treeSize + " has root " + base64(there)
                        + ", not the root " + base64(root) + " this process has seen at that size: another history");
            }
            return Optional.empty();
        }
    }

    /** The stored tree's root at a tree size; fails with {@link IllegalStateException} if a node is missing. */
    @FunctionalInterface
    public interface StoredRoots {
        byte[] rootAt(long treeSize) throws SQLException;
    }

    private volatile Mark highest;

    /** Remembers a committed checkpoint if it is larger than any so far (the first root seen at a size stays). */
    public synchronized void seen(long treeSize, byte[] root) {
        if (highest == null || treeSize > highest.treeSize()) {
            highest = new Mark(treeSize, root.clone());
        }
    }

    /** The largest checkpoint seen so far. Read it before the database: all it holds was committed before. */
    public Optional<Mark> highest() {
        return Optional.ofNullable(highest);
    }

    private static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
