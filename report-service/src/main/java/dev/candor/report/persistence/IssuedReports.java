package dev.candor.report.persistence;

import dev.candor.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.TreeSet;
import java.util.UUID;

/** The record of every report produced. */
@ApplicationScoped
public class IssuedReports {

    @Inject
    DataSource dataSource;

    public void record(UUID id, String kind, String subjectId, Caller caller, Instant at, int disclosures,
                       int consents) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO issued_report (id, kind, subject_id, requested_by, requester_roles, created_at,"
                        + " disclosure_count, consent_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, kind);
            ps.setString(3, subjectId);
            ps.setString(4, caller.name());
            ps.setString(5, String.join(",", new TreeSet<>(caller.roles())));
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setInt(7, disclosures);
            ps.setInt(8, consents);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record issued report " + id, e);
        }
    }

    public int countFor(String subjectId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM issued_report WHERE subject_id = ?")) {
            ps.setString(1, subjectId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count issued reports", e);
        }
    }
}
