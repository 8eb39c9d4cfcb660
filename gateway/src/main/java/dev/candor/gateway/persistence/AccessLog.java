package dev.candor.gateway.persistence;

import dev.candor.common.security.Caller;
import dev.candor.common.web.RequestIds;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.List;
import java.util.TreeSet;

/** Keeps who accessed which path (and which patient, when the request names one) through the gateway. */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger(AccessLog.class);

    /** One kept access: who (name and roles), what (method, path, the subject it named), when, and the outcome. */
    public record Entry(long id, Instant at, String requestId, String caller, String callerRoles, String method,
                        String path, String subjectId, int status) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    Vertx vertx;

    /** Written off the event loop; a failed write is logged loudly, the response is not held back for it. */
    public void record(RoutingContext rc, Caller caller, String subjectId, int status) {
        Instant at = Instant.now();
        String requestId = rc.request().getHeader(RequestIds.HEADER);
        String method = rc.request().method().name();
        String path = rc.request().path();
        vertx.executeBlocking(() -> {
            insert(at, requestId, caller, method, path, subjectId, status);
            return null;
        }, false).onFailure(e -> LOG.errorf(e, "access log write failed for request %s", requestId));
    }

    /** Written in the caller's thread: for the gateway's own endpoints, which run on a worker thread. */
    public void insert(Instant at, String requestId, Caller caller, String method, String path, String subjectId,
                       int status) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO access_log (at, request_id, caller, caller_roles, method, path, subject_id, status)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, requestId == null ? "" : requestId);
            ps.setString(3, caller.name() == null ? caller.subject() : caller.name());
            ps.setString(4, String.join(",", new TreeSet<>(caller.roles())));
            ps.setString(5, method);
            ps.setString(6, path);
            ps.setString(7, subjectId);
            ps.setInt(8, status);
            ps.executeUpdate();
        }
    }

    /** The accesses that named {@code subjectId}, oldest first, with ids above {@code after} (keyset pagination). */
    public List<Entry> ofSubject(String subjectId, long after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, at, request_id, caller, caller_roles, method, path, subject_id, status FROM access_log"
                        + " WHERE subject_id = ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, subjectId);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getInt(9)));
                }
            }
            return entries;
        }
    }
}
