package dev.candor.consent.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the hand-written statements of the delegation and relation stores on the current transaction's connection,
 * so a failure names what could not be done and nothing else repeats the connection boilerplate.
 */
@ApplicationScoped
class Jdbc {

    interface Binder {
        void bind(Connection connection, PreparedStatement ps) throws SQLException;
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(connection, ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + what, e);
        }
    }

    void update(String what, String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(connection, ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record " + what, e);
        }
    }

    /** Serialises writers of one key until the transaction ends (a transaction-scoped advisory lock). */
    void lock(String key) {
        query("a lock", "SELECT pg_advisory_xact_lock(hashtext(?))", (c, ps) -> ps.setString(1, key), rs -> 1);
    }
}
