package dev.candor.ledger.persistence;

import dev.candor.verifier.merkle.NodeId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Merkle tree as stored: perfect-subtree node hashes and signed checkpoints. */
@ApplicationScoped
public class TreeStore {

    /** A signed checkpoint as stored. */
    public record StoredCheckpoint(long treeSize, byte[] rootHash, String note, Instant signedAt) {
    }

    @Inject
    DataSource dataSource;

    public Optional<StoredCheckpoint> latestCheckpoint() {
        try (Connection c = dataSource.getConnection()) {
            return latestCheckpoint(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the latest checkpoint", e);
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

    /** The stored hashes of {@code ids}, in the same order; fails if one is missing (the tree is incomplete). */
    public List<byte[]> nodes(List<NodeId> ids) {
        try (Connection c = dataSource.getConnection()) {
            return nodes(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tree nodes", e);
        }
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
