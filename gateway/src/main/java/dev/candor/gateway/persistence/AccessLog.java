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
import java.sql.Timestamp;
import java.time.Instant;
import java.util.TreeSet;

/** Keeps who accessed which path (and which patient, when the request names one) through the gateway. */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger(AccessLog.class);

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
            return null;
        }, false).onFailure(e -> LOG.errorf(e, "access log write failed for request %s", requestId));
    }
}
