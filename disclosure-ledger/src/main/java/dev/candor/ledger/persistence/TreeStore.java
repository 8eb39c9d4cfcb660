package dev.candor.ledger.persistence;

import dev.candor.ledger.config.LedgerConfig;
import dev.candor.ledger.domain.CheckpointHighWater;
import dev.candor.verifier.merkle.NodeId;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Merkle tree as stored: perfect-subtree node hashes and signed checkpoints.
 * <p>
 * Proofs are the hot read path, so two things are kept in memory: the latest signed checkpoint (read again at most
 * every {@link #LATEST_TTL_NANOS}, at once when a caller needs a larger tree, and replaced by the local integrator
 * as it signs) and the upper tree nodes ({@code candor.ledger.proofs.cached-level} and above: 2 per 16 leaves at the
 * default 4, loaded in the background at start, added by the local integrator as it commits, read from the database
 * when missing). Both are safe to cache: a stored node never changes (the table is append-only) and only committed
 * rows are ever cached. The full check ({@code LedgerAudit}) reads the database, never this.
 */
@ApplicationScoped
public class TreeStore {

    /** How stale the cached latest checkpoint may be when nobody asks for a larger tree (other replicas sign too). */
    static final long LATEST_TTL_NANOS = 200_000_000L;

    private static final Logger LOG = Logger.getLogger(TreeStore.class);

    /** A signed checkpoint as stored. */
    public record StoredCheckpoint(long treeSize, byte[] rootHash, String note, Instant signedAt) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    LedgerConfig config;

    @Inject
    CheckpointHighWater highWater;

    private record Latest(StoredCheckpoint checkpoint, long readAt) {
    }

    private volatile Latest latest;
    private UpperNodes upperNodes;

    @PostConstruct
    void init() {
        upperNodes = new UpperNodes(config.proofs().cachedLevel());
    }

    /** Loads the kept levels from the database in the background: proofs read what is missing meanwhile. */
    void preload(@Observes StartupEvent event) {
        Thread loader = new Thread(() -> {
            long started = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false); // so the driver streams with the fetch size instead of reading all rows
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT level, node_index, hash FROM tree_node WHERE level >= ?")) {
                    ps.setInt(1, config.proofs().cachedLevel());
                    ps.setFetchSize(10_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            upperNodes.put(new NodeId(rs.getShort(1), rs.getLong(2)), rs.getBytes(3));
                        }
                    }
                }
                c.rollback();
                LOG.infof("%d upper tree nodes (level >= %d) in memory after %d ms", upperNodes.size(),
                        config.proofs().cachedLevel(), (System.nanoTime() - started) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not load the upper tree nodes; proofs read them from the database", e);
            }
        }, "ledger-tree-preload");
        loader.setDaemon(true);
        loader.start();
    }

    /** The local integrator's nodes, once its transaction has committed. */
    public void integrated(List<NodeId> ids, List<byte[]> hashes) {
        for (int i = 0; i < ids.size(); i++) {
            upperNodes.put(ids.get(i), hashes.get(i));
        }
    }

    /** Whether the local integrator should hand this node over after commit. */
    public boolean keptInMemory(NodeId id) {
        return upperNodes.keeps(id);
    }

    /** The latest signed checkpoint, as of at most {@link #LATEST_TTL_NANOS} ago. */
    public Optional<StoredCheckpoint> latestCheckpoint() {
        return latestCheckpoint(0);
    }

    /**
     * The latest signed checkpoint; read from the database when the one in memory is older than the TTL or smaller
     * than {@code atLeast} (a caller asking about a tree size that another replica may have signed just now).
     */
    public Optional<StoredCheckpoint> latestCheckpoint(long atLeast) {
        Latest known = latest;
        if (known != null && known.checkpoint().treeSize() >= atLeast
                && System.nanoTime() - known.readAt() < LATEST_TTL_NANOS) {
            return Optional.of(known.checkpoint());
        }
        Optional<StoredCheckpoint> read;
        try (Connection c = dataSource.getConnection()) {
            read = latestCheckpoint(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the latest checkpoint", e);
        }
        read.ifPresent(this::signed);
        return read;
    }

    /**
     * Called with a checkpoint known to be committed (by the local integrator, or just read); the integrator's guard
     * remembers the largest ({@link CheckpointHighWater}).
     */
    public void signed(StoredCheckpoint checkpoint) {
        highWater.seen(checkpoint.treeSize(), checkpoint.rootHash());
        Latest known = latest;
        if (known == null || checkpoint.treeSize() >= known.checkpoint().treeSize()) {
            latest = new Latest(checkpoint, System.nanoTime());
        }
    }

    public static Optional<StoredCheckpoint> latestCheckpoint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tree_size, root_hash, note, signed_at FROM checkpoint ORDER BY tree_size DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(checkpoint(rs)) : Optional.empty();
        }
    }

    public Optional<StoredCheckpoint> checkpointAt(long treeSize) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT tree_size, root_hash, note, signed_at FROM checkpoint WHERE tree_size = ?")) {
            ps.setLong(1, treeSize);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(checkpoint(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read checkpoint " + treeSize, e);
        }
    }

    public static List<StoredCheckpoint> allCheckpoints(Connection c) throws SQLException {
        List<StoredCheckpoint> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tree_size, root_hash, note, signed_at FROM checkpoint ORDER BY tree_size");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(checkpoint(rs));
            }
        }
        return result;
    }

    /**
     * The stored hashes of {@code ids}, in the same order; fails if one is missing (the tree is incomplete). Upper
     * nodes come from memory; the rest with one query.
     */
    public List<byte[]> nodes(List<NodeId> ids) {
        Map<NodeId, byte[]> read = readMissing(ids);
        List<byte[]> result = new ArrayList<>(ids.size());
        for (NodeId id : ids) {
            byte[] hash = upperNodes.get(id);
            result.add(hash != null ? hash : read.get(id));
        }
        return result;
    }

    /** The hash of a node kept in memory, or null: then it is in what {@link #readMissing} returned. */
    public byte[] inMemory(NodeId id) {
        return upperNodes.get(id);
    }

    /**
     * Reads the nodes among {@code ids} that are not in memory, with one query, and keeps those of the kept levels;
     * fails if one is missing (the tree is incomplete).
     */
    public Map<NodeId, byte[]> readMissing(Collection<NodeId> ids) {
        Set<NodeId> toRead = new LinkedHashSet<>();
        for (NodeId id : ids) {
            if (upperNodes.get(id) == null) {
                toRead.add(id);
            }
        }
        if (toRead.isEmpty()) {
            return Map.of();
        }
        List<NodeId> list = new ArrayList<>(toRead);
        List<byte[]> hashes;
        try (Connection c = dataSource.getConnection()) {
            hashes = nodes(c, list);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tree nodes", e);
        }
        Map<NodeId, byte[]> read = new HashMap<>(list.size() * 2);
        for (int i = 0; i < list.size(); i++) {
            read.put(list.get(i), hashes.get(i));
            upperNodes.put(list.get(i), hashes.get(i));
        }
        return read;
    }

    public static List<byte[]> nodes(Connection c, List<NodeId> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<NodeId, byte[]> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.level, n.node_index, n.hash
                FROM tree_node n JOIN unnest(?::smallint[], ?::bigint[]) AS k(level, node_index)
                  ON n.level = k.level AND n.node_index = k.node_index""")) {
            ps.setArray(1, c.createArrayOf("smallint", ids.stream().map(id -> (short) id.level()).toArray()));
            ps.setArray(2, c.createArrayOf("bigint", ids.stream().map(NodeId::index).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new NodeId(rs.getShort(1), rs.getLong(2)), rs.getBytes(3));
                }
            }
        }
        List<byte[]> hashes = new ArrayList<>(ids.size());
        for (NodeId id : ids) {
            byte[] hash = found.get(id);
            if (hash == null) {
                throw new IllegalStateException("tree node " + id + " is missing");
            }
            hashes.add(hash);
        }
        return hashes;
    }

    private static StoredCheckpoint checkpoint(ResultSet rs) throws SQLException {
        Timestamp at = rs.getTimestamp(4);
        return new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3), at.toInstant());
    }
}
