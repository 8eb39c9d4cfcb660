package dev.candor.gateway.api;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser request from an origin CORS does not admit gets a 403 problem saying so, not Quarkus' bare 403 (a portal
 * developer saw an empty answer and a status line). Runs just before Quarkus' CORS filter (300) and refuses only what
 * that filter would refuse: an {@code Origin} that is neither a configured portal origin nor the gateway's own, and
 * a configured origin using a method CORS does not allow. Everything else — allowed origins, preflights, requests without {@code Origin} — goes on to CORS unchanged.
 */
@ApplicationScoped
public class CorsRefusals {

    static final int PRIORITY = 301;

    @ConfigProperty(name = "quarkus.http.cors.origins")
    List<String> origins;

    @ConfigProperty(name = "quarkus.http.cors.methods")
    List<String> methods;

    void register(@Observes Filters filters) {
        Set<String> allowedOrigins = Set.copyOf(origins);
        // As Quarkus reads the list: "*" admits any origin, "/…/" is a regular expression.
        boolean anyOrigin = origins.size() == 1 && ("*".equals(origins.get(0)) || "/.*/".equals(origins.get(0)));
        List<Pattern> originPatterns = CORSFilter.parseAllowedOriginsRegex(Optional.of(origins));
        Set<HttpMethod> allowedMethods = methods.stream().map(m -> HttpMethod.valueOf(m.strip().toUpperCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
        filters.register(rc -> {
            String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
            if (origin == null) {
                rc.next();
            } else if (anyOrigin || allowedOrigins.contains(origin)
                    || CORSFilter.isOriginAllowedByRegex(originPatterns, origin)) {
                if (isPreflight(rc.request()) || allowedMethods.contains(rc.request().method())) {
                    rc.next();
                } else {
                    refuse(rc, "the method " + rc.request().method().name()
                            + " is not allowed for cross-origin requests (CORS allows " + methods + ")");
                }
            } else if (sameOrigin(rc.request(), origin)) {
                rc.next();
            } else {
                refuse(rc, "the origin '" + origin + "' is not allowed to call this API from a browser"
                        + " (CORS admits the configured portal origins only)");
            }
        }, PRIORITY);
    }

    private static void refuse(RoutingContext rc, String why) {
        rc.response().headers().add(HttpHeaders.VARY, "Origin");
        ProblemResponses.write(rc, ProblemType.FORBIDDEN.problem(why));
    }

    /** An OPTIONS request asking which method or headers it may use (answered by CORS, whatever the method). */
    private static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS
                && (request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null
                || request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS) != null);
    }

    /**
     * The request's own origin (RFC 6454: scheme, host and port, a default port written or not), compared as Quarkus'
     * CORS filter compares it — scheme and host case-sensitively, a path refused — so that what passes here is exactly
     * what that filter lets by as same-origin, and everything it would refuse gets the problem above.
     */
    static boolean sameOrigin(HttpServerRequest request, String origin) {
        HostAndPort authority = request.authority();
        String scheme = request.scheme();
        if (authority == null || scheme == null || !origin.startsWith(scheme + "://")) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                || !unbracketed(uri.getHost()).equals(unbracketed(authority.host()))) {
            return false;
        }
        int requestPort = authority.port();
        int originPort = uri.getPort();
        if (requestPort == originPort) {
            return true;
        }
        if (requestPort != -1 && originPort != -1) {
            return false;
        }
        int defaultPort = "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -2;
        return (requestPort == -1 || requestPort == defaultPort) && (originPort == -1 || originPort == defaultPort);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
