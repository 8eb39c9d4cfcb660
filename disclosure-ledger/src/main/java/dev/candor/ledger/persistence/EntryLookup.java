package dev.candor.ledger.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Finds a leaf by its hash: leaf hashes are salted commitments, so this reveals nothing about an entry. */
@ApplicationScoped
public class EntryLookup {

    @Inject
    DataSource dataSource;

    public Optional<Long> indexOfLeafHash(byte[] leafHash) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT leaf_index FROM entry WHERE leaf_hash = ?")) {
            ps.setBytes(1, leafHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("leaf lookup failed", e);
        }
    }
}
