package dev.candor.gateway.api;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.web.RequestHeadChecks;
import dev.candor.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * A request body must arrive within {@code candor.gateway.request-body-timeout} of the request's head. Vert.x closes
 * a connection only after it has been idle for the whole idle timeout, so a client sending its body a byte now and
 * then (slowloris) held a connection and its buffered body for as long as it liked; a public API must not let a few
 * clients pin its connections that way (OWASP API4). When the time is up and the body is not complete, the client
 * gets a 408 problem and the connection is closed (what is left of the body must not be read as a next request) —
 * also when the request was answered early (refused before its body was read), then without a second answer. A
 * request without a body costs nothing here.
 */
@ApplicationScoped
public class SlowBodies {

    /** After the request id and the head checks (an oversized body is refused before it is waited for). */
    static final int PRIORITY = 990;

    @Inject
    GatewayConfig config;

    void register(@Observes Filters filters, Vertx vertx) {
        long timeoutMillis = config.requestBodyTimeout().toMillis();
        filters.register(rc -> {
            HttpServerRequest request = rc.request();
            // HTTP/2 declares no body in its head (DATA frames may follow without a Content-Length): timed while
            // the stream is open; a request without a body ends at once and its timer with its answer.
            if (!request.isEnded() && (RequestHeadChecks.hasBody(request) || request.version() == HttpVersion.HTTP_2)) {
                long timer = vertx.setTimer(timeoutMillis, id -> {
                    if (!request.isEnded()) {
                        tooSlow(rc, timeoutMillis);
                    }
                });
                // Cancelled with the answer once the body is in: a pending timer would keep the request and its body
                // for the whole time. An answer given before the body is in (401, 403, 413, 429…) leaves it running:
                // Vert.x reads what is left of that body for as long as it comes, and the deadline still ends it.
                rc.addEndHandler(ignored -> {
                    if (request.isEnded()) {
                        vertx.cancelTimer(timer);
                    }
                });
            }
            rc.next();
        }, PRIORITY);
    }

    private static void tooSlow(RoutingContext rc, long timeoutMillis) {
        if (rc.response().ended() || rc.response().headWritten()) {
            rc.request().connection().close();
            return;
        }
        if (rc.request().version() != HttpVersion.HTTP_2) { // a connection-specific header HTTP/2 does not have
            rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        rc.response().endHandler(ignored -> rc.request().connection().close());
        ProblemResponses.write(rc, ProblemType.REQUEST_TIMEOUT.problem("the request body did not arrive within "
                + timeoutMillis / 1000.0 + " s of the request's head"));
    }
}
