package dev.candor.gateway.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
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

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            HttpServerRequest request = rc.request();
            HttpServerResponse response = rc.response();
            response.putHeader("X-Content-Type-Options", "nosniff");
            response.putHeader("X-Frame-Options", "DENY");
            response.putHeader("Referrer-Policy", "no-referrer");
            String path = request.path();
            response.putHeader("Content-Security-Policy", path.startsWith("/q/swagger-ui") ? SWAGGER_CSP : API_CSP);
            if (path.startsWith("/api/")) {
                response.putHeader("Cache-Control", "no-store");
            }
            if (request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
                response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
            rc.next();
        }, 900);
    }
}
