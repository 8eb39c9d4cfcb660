package dev.candor.common.web;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Failures raised below JAX-RS (proactive authentication, body limits, Vert.x routes such as the gateway's proxy)
 * become the same problem documents as those from the exception mappers.
 */
@ApplicationScoped
public class VertxFailureProblems {

    private static final Logger LOG = Logger.getLogger(VertxFailureProblems.class);

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            Throwable failure = rc.failure();
            if (rc.response().ended()) {
                // Nothing more can be said (see ProblemExceptionMappers.unexpected): the answer is on its way.
                LOG.debugf("request %s failed after its answer was sent: %s", rc.request().getHeader(RequestIds.HEADER),
                        String.valueOf(failure));
                return;
            }
            if (failure instanceof HttpClosedException || failure != null
                    && failure.getCause() instanceof HttpClosedException) {
                // The client went away (or was slow and is gone): nothing to answer, and not a fault of ours.
                LOG.infof("request %s: the client closed the connection", rc.request().getHeader(RequestIds.HEADER));
                return;
            }
            if (failure instanceof AuthenticationFailedException
                    || failure instanceof AuthenticationCompletionException
                    || failure instanceof UnauthorizedException) {
                ProblemResponses.write(rc,
                        ProblemType.UNAUTHORIZED.problem("the bearer token is missing, invalid or expired"));
            } else if (failure instanceof ForbiddenException) {
                ProblemResponses.write(rc,
                        ProblemType.FORBIDDEN.problem("the caller's role does not allow this operation"));
            } else if (failure == null && rc.statusCode() == 413) {
                ProblemResponses.write(rc, ProblemType.PAYLOAD_TOO_LARGE.problem("the request body exceeds the limit"));
            } else if (failure == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
                ProblemResponses.write(rc, ProblemType.forStatus(rc.statusCode()).problem("the request was refused"));
            } else if (failure != null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
                // Vert.x refused the request itself with a 4xx (e.g. HTTP/1.1 without a valid Host): the client's
                // mistake, not ours — said as a problem and logged as the client's.
                LOG.infof("request %s refused by Vert.x with %d: %s", rc.request().getHeader(RequestIds.HEADER),
                        rc.statusCode(), failure.getMessage());
                ProblemResponses.write(rc, ProblemType.forStatus(rc.statusCode()).problem(clientMistake(failure)));
            } else if (failure != null && fromHttpDecoder(failure)) {
                // A body Netty could not decode (a malformed chunk size, say): the client's mistake. Vert.x closes the
                // connection, so the answer rarely arrives; an error log line per such request would let any
                // client flood the log.
                LOG.infof("request %s: the body is not valid HTTP: %s", rc.request().getHeader(RequestIds.HEADER),
                        failure.toString());
                ProblemResponses.write(rc, ProblemType.VALIDATION.problem(
                        "the request body is not valid HTTP (e.g. a malformed chunk)"));
            } else if (failure != null) {
                LOG.errorf(failure, "request %s failed", rc.request().getHeader(RequestIds.HEADER));
                ProblemResponses.write(rc,
                        ProblemType.INTERNAL.problem("the request could not be completed; quote the request id"));
            } else {
                rc.next();
            }
        });
    }

    /** Thrown while Netty decoded the HTTP message: the request itself was malformed. */
    static boolean fromHttpDecoder(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("io.netty.handler.codec.http.HttpObjectDecoder")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What to tell the client: Vert.x' own words only where they are known to say nothing but the rule. */
    static String clientMistake(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains("'Host' header") || message.contains(":authority")) {
            return "the request needs a valid Host header (HTTP/1.1) or :authority (HTTP/2)";
        }
        return "the request was refused";
    }
}
