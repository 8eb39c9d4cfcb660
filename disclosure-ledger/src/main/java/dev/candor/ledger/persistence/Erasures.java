package dev.candor.ledger.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The one controlled exception to append-only: erase_entry() blanks plaintext and salt and records the erasure. */
@ApplicationScoped
public class Erasures {

    @Inject
    DataSource dataSource;

    /** @return false when the entry was already erased */
    public boolean erase(long leafIndex, String erasedBy, String reason) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT erase_entry(?, ?, ?)")) {
            ps.setLong(1, leafIndex);
            ps.setString(2, erasedBy);
            ps.setString(3, reason);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("erasure of leaf " + leafIndex + " failed", e);
        }
    }
}
