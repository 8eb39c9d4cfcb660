package dev.candor.gateway.api;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.security.ValidatedTokenCache;
import dev.candor.gateway.config.GatewayConfig;
import dev.candor.gateway.domain.Route;
import dev.candor.gateway.domain.RouteTable;
import dev.candor.gateway.domain.TokenBuckets;
import dev.candor.gateway.persistence.AccessLog;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.netty.channel.EventLoop;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * The proxy: every {@code /api/*} request is authenticated, rate-limited per client and per user, checked against the
 * route table (role, then ownership of a named patient), and forwarded with the caller's token and request id through
 * the upstream's circuit breaker. Responses are streamed back as they come; request bodies are small JSON and read
 * whole, up to a limit.
 *
 * <p>Everything here runs on the request's event loop and is written for the cost per request (docs/decisions.md,
 * issue 6): a token validated before is found by its exact bytes in the {@link ValidatedTokenCache} without the Quarkus
 * security pipeline (a new token goes through Quarkus OIDC, which fills the cache), and each event loop has its own
 * HTTP client, so a proxied request and its upstream connection never change threads.
 */
@ApplicationScoped
public class ProxyRoutes {

    /** Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded. */
    private static final String[] HOP_BY_HOP_NAMES = {"connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"};
    /** The same names hashed once (header maps compare them without case). */
    private static final CharSequence[] HOP_BY_HOP_HEADERS = Arrays.stream(HOP_BY_HOP_NAMES)
            .map(HttpHeaders::createOptimized).toArray(CharSequence[]::new);

    private static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
    private static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
    /** What a client might send to make a service believe it was reached at another address. */
    private static final CharSequence[] FORWARDED_HEADERS = Stream.of("Forwarded", "X-Forwarded-Host",
            "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Forwarded-Ssl",
            "X-Forwarded-For").map(HttpHeaders::createOptimized).toArray(CharSequence[]::new);

    private static final String CALLER = "candor.caller";
    private static final String BEARER = "Bearer ";
    /** Between CORS (300) and Quarkus' authentication (200): see {@link #shortWay}. */
    static final int SHORT_WAY_PRIORITY = 250;
    private static final BiConsumer<RoutingContext, Throwable> LEAVE_FAILURE_TO_PROBLEMS = (rc, failure) -> {
    };
    /** Answers up to this size (with a Content-Length) are relayed in one write once complete; larger ones stream. */
    private static final int SMALL_BODY = 16 * 1024;

    @Inject
    GatewayConfig config;

    @Inject
    AccessLog accessLog;

    @Inject
    ValidatedTokenCache tokens;

    private Vertx vertx;
    private HttpClientOptions clientOptions;
    /** One client per event loop: its connections live on that loop, the one that serves the request. */
    private final Map<EventLoop, HttpClient> clients = new ConcurrentHashMap<>();
    private HttpClient sharedClient;
    private final Map<String, CircuitBreaker> breakers = new HashMap<>();
    private final Map<String, URI> upstreamUrls = new HashMap<>();
    /** By identity object: entries of tokens gone from the token cache are dropped when this is full. */
    private final Map<SecurityIdentity, Admission> admissions = new ConcurrentHashMap<>();
    private static final int MAX_ADMISSIONS = 10_000;
    private TokenBuckets perClient;
    private TokenBuckets perUser;

    void register(@Observes Router router, Vertx vertx) {
        this.vertx = vertx;
        clientOptions = new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true);
        sharedClient = vertx.createHttpClient(clientOptions);
        config.upstreams().forEach((name, upstream) -> {
            upstreamUrls.put(name, URI.create(upstream.url()));
            breakers.put(name, CircuitBreaker.create(name, vertx,
                            new CircuitBreakerOptions().setMaxFailures(upstream.failuresToOpen()).setTimeout(-1)
                                    .setResetTimeout(upstream.openFor().toMillis()))
                    .<HttpClientResponse>failurePolicy(answer -> answer.failed()
                            || isUpstreamFailure(answer.result())));
        });
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
                .handler(rc -> forward(rc, rc.body().buffer()));
    }

    /**
     * The short way for the common case: a proxied path, a token validated before, no body or one of known length
     * within the limit. Registered as a filter right after CORS (priority 300) and before Quarkus' authentication
     * (200), so the request id, security headers, metrics, trace parent and CORS have run as for every request, but the
     * handlers that follow — Quarkus' lazy identity and its HTTP permission check, RESTEasy's set-up, the OIDC
     * endpoints' path checks, the body-size check, the body handler, and a router turn for each — are not paid for a
     * request that needs none of them: the proxy authenticates it itself and checks the body's size here. Anything
     * else (a new token, no token, a chunked or oversized body, the gateway's own paths) goes on to the routes above,
     * unchanged.
     */
    void registerShortWay(@Observes Filters filters) {
        filters.register(this::shortWay, SHORT_WAY_PRIORITY);
    }

    void shortWay(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.startsWith("/api/") || path.equals(RouteTable.OPENAPI) || path.equals(RouteTable.ACCESS_LOG)) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        long length = declaredLength(request);
        Admission admission = length <= config.maxRequestBody() ? cached(request) : null;
        if (admission == null) {
            rc.next();
            return;
        }
        if (!admitted(rc, admission)) {
            return;
        }
        if (length <= 0) {
            forward(rc, null);
            return;
        }
        request.body().onComplete(body -> {
            if (body.succeeded()) {
                forward(rc, body.result());
            } else {
                rc.fail(400, body.cause());
            }
        });
        request.resume(); // Quarkus pauses requests until a handler reads them (a no-op once the body is all here)
    }

    /**
     * The body's declared length: 0 for none, {@code Long.MAX_VALUE} for one whose length is not known in advance
     * (chunked, or HTTP/2 DATA frames without a Content-Length) or not a number — those take the long way, whose body
     * handler reads and limits them.
     */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            // HTTP/2 sends a body in DATA frames without either header: only the end of the stream says there is none.
            return request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                    || request.version() == HttpVersion.HTTP_2 && !request.isEnded() ? Long.MAX_VALUE : 0;
        }
        try {
            long value = Long.parseLong(length.trim());
            return value < 0 ? Long.MAX_VALUE : value;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * A token, then the rate limits: who is asking is known before anything else is looked at. A token seen before is
     * taken from the cache of validated tokens; any other goes through Quarkus OIDC (signature, issuer, audience,
     * expiry), whose failures become 401 problems (service-common's {@code VertxFailureProblems}).
     */
    void admit(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            unauthorized(rc);
            return;
        }
        Admission known = cached(rc.request());
        if (known != null) {
            if (admitted(rc, known)) {
                rc.next();
            }
            return;
        }
        // Quarkus' own failure handler would first answer an empty 401 (and the problem after it would find the answer
        // sent and close the connection): the failure goes to VertxFailureProblems alone, as a 401 problem.
        rc.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, LEAVE_FAILURE_TO_PROBLEMS);
        QuarkusHttpUser.getSecurityIdentity(rc, null).subscribe()
                .with(identity -> {
                    if (admitted(rc, Admission.of(identity))) {
                        rc.next();
                    }
                }, rc::fail);
    }

    /** What the edge knows of a bearer token validated before (found by its exact bytes), or null. */
    private Admission cached(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        SecurityIdentity known = authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? tokens.lookup(authorization.substring(BEARER.length())) : null;
        if (known == null) {
            return null;
        }
        Admission admission = admissions.get(known);
        if (admission == null) {
            if (admissions.size() >= MAX_ADMISSIONS) {
                admissions.clear();
            }
            admission = Admission.of(known);
            admissions.put(known, admission);
        }
        return admission;
    }

    /**
     * What the edge needs of an identity, worked out once per cached identity (the token cache hands out the same
     * identity object for the same token bytes, so it is the key).
     */
    private record Admission(Caller caller, String clientId) {
        static Admission of(SecurityIdentity identity) {
            Caller caller = Caller.of(identity);
            return new Admission(caller, caller.isAnonymous() ? null : ProxyRoutes.clientId(identity, caller));
        }
    }

    /** The rate limits for an authenticated caller: true when the request may go on, false when it was answered. */
    private boolean admitted(RoutingContext rc, Admission admission) {
        Caller caller = admission.caller();
        if (caller.isAnonymous()) {
            unauthorized(rc);
            return false;
        }
        rc.put(CALLER, caller);
        if (config.rateLimit().enabled()) {
            long now = System.nanoTime();
            String clientId = admission.clientId();
            // The user's bucket first: a request the user's own limit refuses must not spend the client's, or one
            // user of the portal could drain the limit of every portal user.
            long wait = perUser.take(caller.subject(), now);
            String which = "user " + caller.name();
            if (wait == 0) {
                wait = perClient.take(clientId, now);
                which = "client " + clientId;
            }
            if (wait > 0) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
                rc.response().putHeader("Retry-After", Long.toString(seconds));
                ProblemResponses.write(rc, ProblemType.RATE_LIMITED.problem(
                        "the rate limit of " + which + " is reached; retry after " + seconds + " s"));
                return false;
            }
        }
        return true;
    }

    private static void unauthorized(RoutingContext rc) {
        ProblemResponses.write(rc, ProblemType.UNAUTHORIZED.problem("a valid bearer token is required"));
    }

    /** Route, role, ownership, then the upstream call with the request's body ({@code null}: none). */
    void forward(RoutingContext rc, Buffer body) {
        HttpServerRequest request = rc.request();
        // Routed, checked, logged and forwarded as the path the service will route on: dot-segments resolved and
        // unreserved characters decoded (RFC 3986 6.2.2). The raw path let /reports/patients/pat-alice/../pat-bob
        // pass as Alice's at the edge and in the access log while the service answered with Bob's.
        String path = rc.normalizedPath();
        if (path.indexOf(';') >= 0) {
            // Matrix parameters: the service drops ";x=1" from a segment, so /patients/pat-bob;x=1 was Bob's report
            // behind an edge and an access log that saw patient "pat-bob;x=1". No Candor path uses them.
            ProblemResponses.write(rc, ProblemType.VALIDATION.problem(
                    "path parameters (';') are not part of Candor's API"));
            return;
        }
        Route route = RouteTable.find(path).orElse(null);
        if (route == null) {
            ProblemResponses.write(rc, ProblemType.NOT_FOUND.problem("no such API path"));
            return;
        }
        Caller caller = caller(rc);
        String patient;
        try {
            patient = namedPatient(route, path, request);
        } catch (IllegalArgumentException e) {
            ProblemResponses.write(rc, ProblemType.VALIDATION.problem("the path is not valid percent-encoded UTF-8"));
            return;
        }
        if (!route.allows(caller)) {
            refuse(rc, route, caller, patient, "the caller's role does not allow this API");
            return;
        }
        if (!RouteTable.mayName(caller, patient)) {
            refuse(rc, route, caller, patient, "the caller does not act for this patient");
            return;
        }
        GatewayConfig.Upstream upstream = config.upstreams().get(route.upstream());
        URI base = upstreamUrls.get(route.upstream());
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setURI(request.query() == null ? path : path + "?" + request.query())
                .setIdleTimeout(upstream.timeout().toMillis());
        HttpClient client = client();
        boolean[] relayed = {false};
        breakers.get(route.upstream()).<HttpClientResponse>execute(attempt -> client.request(options)
                        .compose(up -> {
                            MultiMap headers = up.headers().addAll(request.headers());
                            for (CharSequence hop : HOP_BY_HOP_HEADERS) {
                                headers.remove(hop);
                            }
                            forwardedFor(request, headers);
                            return body == null ? up.send() : up.send(body);
                        })
                        .onComplete(answer -> {
                            // Relayed at once (the breaker reports on a later turn, when body bytes may have come);
                            // an upstream's own 502/503/504 is passed on too, and counts against its circuit.
                            if (answer.succeeded()) {
                                relayed[0] = true;
                                relay(rc, route, answer.result(), caller, patient);
                            }
                            attempt.handle(answer);
                        }))
                .onFailure(failure -> {
                    if (!relayed[0]) {
                        upstreamFailed(rc, route, caller, patient, failure);
                    }
                });
    }

    private void refuse(RoutingContext rc, Route route, Caller caller, String patient, String why) {
        ProblemResponses.write(rc, ProblemType.FORBIDDEN.problem(why));
        log(rc, route, caller, patient, 403);
    }

    private void relay(RoutingContext rc, Route route, HttpClientResponse response, Caller caller, String patient) {
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.length() <= 6 && rc.request().method() != HttpMethod.HEAD
                && Integer.parseInt(length) <= SMALL_BODY) {
            // A small answer of known length goes out in one write (head and body together) once it is all here,
            // rather than as head and body, then the end: one system call instead of two.
            response.body().onComplete(body -> {
                if (body.succeeded()) {
                    copyHead(rc.response(), response);
                    rc.response().end(body.result());
                    log(rc, route, caller, patient, response.statusCode());
                } else {
                    upstreamFailed(rc, route, caller, patient, body.cause());
                }
            });
            return;
        }
        HttpServerResponse out = rc.response();
        copyHead(out, response);
        if (length == null) {
            out.setChunked(true);
        } else {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        }
        response.pipeTo(out);
        log(rc, route, caller, patient, response.statusCode());
    }

    /**
     * Where the request came in, for the services' links and {@code Location} headers (they honour these,
     * {@code quarkus.http.proxy.*}): the gateway's own view — the client's Host (or, behind a trusted Ingress, the
     * address Quarkus read from the Ingress' headers) and scheme — replacing whatever the client sent in these
     * headers. Without them a FHIR Bundle's links named the internal consent-service address.
     */
    private static void forwardedFor(HttpServerRequest request, MultiMap headers) {
        for (CharSequence name : FORWARDED_HEADERS) {
            headers.remove(name);
        }
        HostAndPort authority = request.authority();
        if (authority != null) {
            headers.set(X_FORWARDED_HOST, authority.port() < 0 ? authority.host()
                    : authority.host() + ":" + authority.port());
        }
        headers.set(X_FORWARDED_PROTO, request.scheme());
        if (request.remoteAddress() != null) {
            headers.set(X_FORWARDED_FOR, request.remoteAddress().hostAddress());
        }
    }

    /**
     * Status and end-to-end headers; the gateway's own (request id, security headers, CORS) win over an upstream's: a
     * name the answer already carries before the copy is not taken from upstream, whatever its case.
     */
    private static void copyHead(HttpServerResponse out, HttpClientResponse response) {
        out.setStatusCode(response.statusCode());
        MultiMap own = out.headers();
        MultiMap upstream = response.headers();
        // Decided for every header first (so a repeated name is judged against the gateway's own headers only), then
        // copied — without a set of names or a list of values per name. More header lines than bits: the plain way.
        long skip = 0;
        int i = 0;
        for (Map.Entry<String, String> header : upstream) {
            if (i == Long.SIZE) {
                copyManyHeaders(own, upstream);
                return;
            }
            if (isHopByHop(header.getKey()) || own.contains(header.getKey())) {
                skip |= 1L << i;
            }
            i++;
        }
        i = 0;
        for (Map.Entry<String, String> header : upstream) {
            if ((skip & (1L << i++)) == 0) {
                own.add(header.getKey(), header.getValue());
            }
        }
    }

    private static void copyManyHeaders(MultiMap own, MultiMap upstream) {
        for (String name : upstream.names()) {
            if (!isHopByHop(name) && !own.contains(name)) {
                own.add(name, upstream.getAll(name));
            }
        }
    }

    /** Hop-by-hop headers (RFC 9110 7.6.1), any case, without lower-casing a copy. */
    static boolean isHopByHop(String name) {
        for (String hop : HOP_BY_HOP_NAMES) {
            if (hop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private void upstreamFailed(RoutingContext rc, Route route, Caller caller, String patient, Throwable failure) {
        // A request that changes something may have been carried out before the upstream failed or went silent (a
        // disclosure recorded, then the ledger killed): the caller must not take a 502/504 for "not done".
        HttpMethod method = rc.request().method();
        String unknown = method == HttpMethod.GET || method == HttpMethod.HEAD ? ""
                : "; whether it acted on the request is unknown: repeat it with the same Idempotency-Key";
        int status;
        if (failure instanceof OpenCircuitException) {
            status = 503;
            ProblemResponses.write(rc, ProblemType.UNAVAILABLE.problem(route.upstream()
                    + " is failing; its circuit is open, try again later"));
        } else if (failure.getClass().getSimpleName().contains("Timeout")) {
            status = 504;
            ProblemResponses.write(rc, ProblemType.GATEWAY_TIMEOUT.problem(route.upstream()
                    + " did not answer in time" + unknown));
        } else if (failure instanceof ConnectException) {
            status = 503;
            ProblemResponses.write(rc, ProblemType.UNAVAILABLE.problem(route.upstream() + " is unavailable"));
        } else {
            status = 502;
            ProblemResponses.write(rc, ProblemType.BAD_GATEWAY.problem(route.upstream() + " failed" + unknown));
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

    /** The client of the request's event loop (a shared one off the event loops). */
    private HttpClient client() {
        ContextInternal context = ContextInternal.current();
        if (context == null || !context.isEventLoopContext()) {
            return sharedClient;
        }
        return clients.computeIfAbsent(context.nettyEventLoop(), loop -> vertx.createHttpClient(clientOptions));
    }

    /** Who is asking, as {@link #admit} found out. */
    static Caller caller(RoutingContext rc) {
        Caller caller = rc.get(CALLER);
        return caller == null ? Caller.ANONYMOUS : caller;
    }

    /** The client application the token was issued to ({@code azp}); a token without one counts as its own client. */
    private static String clientId(SecurityIdentity identity, Caller caller) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object azp = jwt.getClaim("azp");
            if (azp != null) {
                return azp.toString().replace("\"", "");
            }
        }
        return "sub:" + caller.subject();
    }

    private static String namedPatient(Route route, String path, HttpServerRequest request) {
        String inPath = route.patientInPath(path);
        if (inPath != null) {
            // The id as the service's path parameter will read it: what is still percent-encoded, decoded.
            return inPath.indexOf('%') < 0 ? inPath : decodePathSegment(inPath);
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

    /** Percent-decoding of one path segment ('+' stays '+': that is form encoding); malformed → IAE. */
    static String decodePathSegment(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
