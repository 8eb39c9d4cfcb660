package dev.candor.gateway.api;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.gateway.config.GatewayConfig;
import dev.candor.gateway.domain.Route;
import dev.candor.gateway.domain.RouteTable;
import dev.candor.gateway.persistence.AccessLog;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.ConnectException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The proxy: every {@code /api/*} request is authenticated (proactively, by Quarkus OIDC), checked against the
 * route table (role, then ownership of a named patient), and forwarded with the caller's token and request id.
 * Responses are streamed back as they come; request bodies are small JSON and read whole, up to a limit.
 */
@ApplicationScoped
public class ProxyRoutes {

    /** Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    @Inject
    GatewayConfig config;

    @Inject
    AccessLog accessLog;

    private HttpClient client;

    void register(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        router.route("/api/*").order(10)
                .handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBody()))
                .handler(this::forward);
    }

    void forward(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Route route = RouteTable.find(request.path()).orElse(null);
        if (route == null) {
            ProblemResponses.write(rc, ProblemType.NOT_FOUND.problem("no such API path"));
            return;
        }
        Caller caller = rc.user() instanceof QuarkusHttpUser user ? Caller.of(user.getSecurityIdentity())
                : Caller.ANONYMOUS;
        if (caller.isAnonymous()) {
            ProblemResponses.write(rc, ProblemType.UNAUTHORIZED.problem("a valid bearer token is required"));
            return;
        }
        if (route.roles().stream().noneMatch(caller::hasRole)) {
            ProblemResponses.write(rc, ProblemType.FORBIDDEN.problem("the caller's role does not allow this API"));
            return;
        }
        String patient = namedPatient(route, request);
        if (!RouteTable.mayName(caller, patient)) {
            ProblemResponses.write(rc, ProblemType.FORBIDDEN.problem("the caller does not act for this patient"));
            accessLog.record(rc, caller, patient, 403);
            return;
        }
        GatewayConfig.Upstream upstream = config.upstreams().get(route.upstream());
        URI base = URI.create(upstream.url());
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setURI(request.uri())
                .setIdleTimeout(upstream.timeout().toMillis());
        request.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(h.getKey(), h.getValue());
            }
        });
        client.request(options)
                .compose(up -> rc.body().buffer() == null ? up.send() : up.send(rc.body().buffer()))
                .onSuccess(response -> relay(rc, response, caller, patient))
                .onFailure(failure -> upstreamFailed(rc, route, failure));
    }

    private void relay(RoutingContext rc, HttpClientResponse response, Caller caller, String patient) {
        rc.response().setStatusCode(response.statusCode());
        response.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                rc.response().headers().add(h.getKey(), h.getValue());
            }
        });
        String length = response.getHeader("Content-Length");
        if (length == null) {
            rc.response().setChunked(true);
        } else {
            rc.response().putHeader("Content-Length", length);
        }
        response.pipeTo(rc.response());
        accessLog.record(rc, caller, patient, response.statusCode());
    }

    private static void upstreamFailed(RoutingContext rc, Route route, Throwable failure) {
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            ProblemResponses.write(rc, ProblemType.GATEWAY_TIMEOUT.problem(route.upstream() + " did not answer in time"));
        } else if (failure instanceof ConnectException) {
            ProblemResponses.write(rc, ProblemType.UNAVAILABLE.problem(route.upstream() + " is unavailable"));
        } else {
            ProblemResponses.write(rc, ProblemType.BAD_GATEWAY.problem(route.upstream() + " failed"));
        }
    }

    private static String namedPatient(Route route, HttpServerRequest request) {
        String inPath = route.patientInPath(request.path());
        if (inPath != null) {
            return inPath;
        }
        for (String param : route.patientQueryParams()) {
            String value = request.getParam(param);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
