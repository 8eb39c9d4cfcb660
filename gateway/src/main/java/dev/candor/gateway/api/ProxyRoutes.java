package dev.candor.gateway.api;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.gateway.config.GatewayConfig;
import dev.candor.gateway.domain.Route;
import dev.candor.gateway.domain.RouteTable;
import dev.candor.gateway.domain.TokenBuckets;
import dev.candor.gateway.persistence.AccessLog;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.ConnectException;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The proxy: every {@code /api/*} request is authenticated (proactively, by Quarkus OIDC), rate-limited per client
 * and per user, checked against the route table (role, then ownership of a named patient), and forwarded with the
 * caller's token and request id through the upstream's circuit breaker. Responses are streamed back as they come;
 * request bodies are small JSON and read whole, up to a limit.
 */
@ApplicationScoped
public class ProxyRoutes {

    /** Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    private static final String CALLER = "candor.caller";

    @Inject
    GatewayConfig config;

    @Inject
    AccessLog accessLog;

    private HttpClient client;
    private final Map<String, CircuitBreaker> breakers = new HashMap<>();
    private TokenBuckets perClient;
    private TokenBuckets perUser;

    void register(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        config.upstreams().forEach((name, upstream) -> breakers.put(name, CircuitBreaker.create(name, vertx,
                new CircuitBreakerOptions().setMaxFailures(upstream.failuresToOpen()).setTimeout(-1)
                        .setResetTimeout(upstream.openFor().toMillis()))
                .<HttpClientResponse>failurePolicy(answer -> answer.failed() || isUpstreamFailure(answer.result()))));
        GatewayConfig.RateLimits limits = config.rateLimit();
        perClient = new TokenBuckets(limits.perClientPerSecond(), limits.perClientBurst());
        perUser = new TokenBuckets(limits.perUserPerSecond(), limits.perUserBurst());
        vertx.setPeriodic(60_000, id -> {
            perClient.sweep(System.nanoTime());
            perUser.sweep(System.nanoTime());
        });
        // Every API path, the gateway's own included: a token is needed and the rate limits apply.
        router.routeWithRegex("/api/(?!openapi$).*").order(10).handler(this::admit);
        // Everything but the gateway's own paths is proxied.
        router.routeWithRegex("/api/(?!openapi$|v1/access-log$).*").order(11)
                .handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBody()))
                .handler(this::forward);
    }

    /** A token, then the rate limits: who is asking is known before anything else is looked at. */
    void admit(RoutingContext rc) {
        Caller caller = caller(rc);
        if (caller.isAnonymous()) {
            ProblemResponses.write(rc, ProblemType.UNAUTHORIZED.problem("a valid bearer token is required"));
            return;
        }
        if (config.rateLimit().enabled()) {
            long now = System.nanoTime();
            String clientId = clientId(rc, caller);
            long wait = perClient.take(clientId, now);
            String which = "client " + clientId;
            if (wait == 0) {
                wait = perUser.take(caller.subject(), now);
                which = "user " + caller.name();
            }
            if (wait > 0) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
                rc.response().putHeader("Retry-After", Long.toString(seconds));
                ProblemResponses.write(rc, ProblemType.RATE_LIMITED.problem(
                        "the rate limit of " + which + " is reached; retry after " + seconds + " s"));
                return;
            }
        }
        rc.next();
    }

    void forward(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Route route = RouteTable.find(request.path()).orElse(null);
        if (route == null) {
            ProblemResponses.write(rc, ProblemType.NOT_FOUND.problem("no such API path"));
            return;
        }
        Caller caller = caller(rc);
        String patient = namedPatient(route, request);
        if (route.roles().stream().noneMatch(caller::hasRole)) {
            refuse(rc, route, caller, patient, "the caller's role does not allow this API");
            return;
        }
        if (!RouteTable.mayName(caller, patient)) {
            refuse(rc, route, caller, patient, "the caller does not act for this patient");
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
        breakers.get(route.upstream()).<HttpClientResponse>execute(attempt -> client.request(options)
                        .compose(up -> rc.body().buffer() == null ? up.send() : up.send(rc.body().buffer()))
                        // The breaker completes on its own turn: hold the body until relay() pipes it.
                        .map(response -> response.pause())
                        .onComplete(attempt))
                .onSuccess(response -> relay(rc, route, response, caller, patient))
                .onFailure(failure -> upstreamFailed(rc, route, caller, patient, failure));
    }

    private void refuse(RoutingContext rc, Route route, Caller caller, String patient, String why) {
        ProblemResponses.write(rc, ProblemType.FORBIDDEN.problem(why));
        log(rc, route, caller, patient, 403);
    }

    private void relay(RoutingContext rc, Route route, HttpClientResponse response, Caller caller, String patient) {
        HttpServerResponse out = rc.response();
        out.setStatusCode(response.statusCode());
        for (String name : response.headers().names()) {
            // The gateway's own headers (request id, security headers) win over an upstream's copy of them.
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !out.headers().contains(name)) {
                out.headers().add(name, response.headers().getAll(name));
            }
        }
        String length = response.getHeader("Content-Length");
        if (length == null) {
            out.setChunked(true);
        } else {
            out.putHeader("Content-Length", length);
        }
        response.pipeTo(out);
        log(rc, route, caller, patient, response.statusCode());
    }

    private void upstreamFailed(RoutingContext rc, Route route, Caller caller, String patient, Throwable failure) {
        int status;
        if (failure instanceof OpenCircuitException) {
            status = 503;
            ProblemResponses.write(rc, ProblemType.UNAVAILABLE.problem(route.upstream()
                    + " is failing; its circuit is open, try again later"));
        } else if (failure.getClass().getSimpleName().contains("Timeout")) {
            status = 504;
            ProblemResponses.write(rc, ProblemType.GATEWAY_TIMEOUT.problem(route.upstream()
                    + " did not answer in time"));
        } else if (failure instanceof ConnectException) {
            status = 503;
            ProblemResponses.write(rc, ProblemType.UNAVAILABLE.problem(route.upstream() + " is unavailable"));
        } else {
            status = 502;
            ProblemResponses.write(rc, ProblemType.BAD_GATEWAY.problem(route.upstream() + " failed"));
        }
        log(rc, route, caller, patient, status);
    }

    private void log(RoutingContext rc, Route route, Caller caller, String patient, int status) {
        if (route.subjectData()) {
            accessLog.record(rc, caller, patient, status);
        }
    }

    /** An upstream that answers 502/503/504 is itself failing (its own dependencies down, overloaded). */
    static boolean isUpstreamFailure(HttpClientResponse response) {
        int status = response.statusCode();
        return status == 502 || status == 503 || status == 504;
    }

    /** Read from the token once per request. */
    static Caller caller(RoutingContext rc) {
        Caller caller = rc.get(CALLER);
        if (caller == null) {
            caller = rc.user() instanceof QuarkusHttpUser user ? Caller.of(user.getSecurityIdentity())
                    : Caller.ANONYMOUS;
            rc.put(CALLER, caller);
        }
        return caller;
    }

    /** The client application the token was issued to ({@code azp}); a token without one counts as its own client. */
    private static String clientId(RoutingContext rc, Caller caller) {
        if (rc.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken jwt) {
            Object azp = jwt.getClaim("azp");
            if (azp != null) {
                return azp.toString().replace("\"", "");
            }
        }
        return "sub:" + caller.subject();
    }

    private static String namedPatient(Route route, HttpServerRequest request) {
        String inPath = route.patientInPath(request.path());
        if (inPath != null) {
            return inPath;
        }
        for (String param : route.patientQueryParams()) {
            String value = request.getParam(param);
            if (value != null) {
                // FHIR searches may name the patient as a reference: ?patient=Patient/pat-alice.
                return value.startsWith("Patient/") ? value.substring("Patient/".length()) : value;
            }
        }
        return null;
    }
}
