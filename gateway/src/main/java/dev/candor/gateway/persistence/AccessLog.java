package dev.candor.gateway.persistence;

import dev.candor.common.persistence.CopyRows;
import dev.candor.common.persistence.GroupCommit;
import dev.candor.common.security.Caller;
import dev.candor.common.web.RequestIds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.web.RoutingContext;
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
import java.util.Collections;
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

    /** Rows go in with COPY ({@link CopyRows}): one statement per batch, far less work for PostgreSQL than INSERTs. */
    private static final String TARGET = "access_log (at, request_id, caller, caller_roles, method, path, subject_id,"
            + " status)";

    /** Rows per commit at most. */
    private static final int MAX_BATCH = 2_000;

    @Inject
    DataSource dataSource;

    /** One access as it is written. */
    private record Row(Instant at, String requestId, Caller caller, String method, String path, String subjectId,
                       int status) {
    }

    private GroupCommit<Row, Boolean> writer;

    void start(@Observes StartupEvent event) {
        writer = new GroupCommit<>("access-log-writer", MAX_BATCH, row -> 1, this::commit);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        writer.stop();
    }

    /**
     * Kept by group commit: the accesses of all requests that arrive while the previous commit runs share one
     * transaction, so the log costs a fraction of an fsync per request. The answer is not held back for it; a failed
     * write is logged loudly (see docs/decisions.md, issue 6).
     */
    public void record(RoutingContext rc, Caller caller, String subjectId, int status) {
        String requestId = rc.request().getHeader(RequestIds.HEADER);
        writer.submit(new Row(Instant.now(), requestId, caller, rc.request().method().name(), rc.normalizedPath(),
                        subjectId, status))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.errorf(e, "access log write failed for request %s", requestId);
                    }
                });
    }

    /** Written in the caller's thread: for the gateway's own endpoints, which run on a worker thread. */
    public void insert(Instant at, String requestId, Caller caller, String method, String path, String subjectId,
                       int status) throws SQLException {
        commit(List.of(new Row(at, requestId, caller, method, path, subjectId, status)));
    }

    private List<Boolean> commit(List<Row> rows) throws SQLException {
        CopyRows copy = new CopyRows();
        for (Row row : rows) {
            copy.instant(row.at()).text(row.requestId() == null ? "" : row.requestId())
                    .text(row.caller().name() == null ? row.caller().subject() : row.caller().name())
                    .text(String.join(",", new TreeSet<>(row.caller().roles()))).text(row.method()).text(row.path())
                    .text(row.subjectId()).value(row.status()).endRow();
        }
        // One COPY is one statement, so in autocommit it is one transaction: all rows or none.
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            copy.copyInto(c, TARGET);
        }
        return Collections.nCopies(rows.size(), Boolean.TRUE);
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
