package dev.candor.gateway.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The headers every gateway answer carries (they are set first, so an upstream's copy never replaces them):
 * no sniffing, no framing, no referrer, nothing cached for API answers, a strict CSP (one that lets Swagger UI
 * run on its own page), and HSTS when the request came over TLS (directly or through a TLS-terminating proxy).
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    /** Swagger UI's page runs its own bundled script and styles, including an inline initialiser. */
    static final String SWAGGER_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

    // Names and values encoded once (Netty copies their bytes into the answer instead of converting each character).
    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence FRAME_OPTIONS_NAME = HttpHeaders.createOptimized("X-Frame-Options");
    private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
    private static final CharSequence REFERRER_POLICY_NAME = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
    private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence API_CSP_VALUE = HttpHeaders.createOptimized(API_CSP);
    private static final CharSequence SWAGGER_CSP_VALUE = HttpHeaders.createOptimized(SWAGGER_CSP);
    private static final CharSequence CACHE_CONTROL_NAME = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence HSTS_NAME = HttpHeaders.createOptimized("Strict-Transport-Security");
    private static final CharSequence HSTS = HttpHeaders.createOptimized("max-age=31536000; includeSubDomains");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            HttpServerRequest request = rc.request();
            MultiMap headers = rc.response().headers();
            headers.set(NOSNIFF_NAME, NOSNIFF);
            headers.set(FRAME_OPTIONS_NAME, DENY);
            headers.set(REFERRER_POLICY_NAME, NO_REFERRER);
            String path = rc.normalizedPath();
            headers.set(CSP_NAME, path.startsWith("/q/swagger-ui") ? SWAGGER_CSP_VALUE : API_CSP_VALUE);
            if (path.startsWith("/api/")) {
                headers.set(CACHE_CONTROL_NAME, NO_STORE);
            }
            if (request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
                headers.set(HSTS_NAME, HSTS);
            }
            rc.next();
        }, 900);
    }
}
