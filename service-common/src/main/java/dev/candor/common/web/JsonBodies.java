package dev.candor.common.web;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;

/**
 * Every Candor API that takes a body takes JSON ({@code application/json}, or a {@code +json} type such as FHIR's
 * {@code application/fhir+json}). A POST, PUT or PATCH under {@code /api/} with a body whose {@code Content-Type}
 * says anything else — or cannot be parsed — is a 415 problem before any endpoint runs. Left to JAX-RS, a malformed type was a 500
 * on some endpoints, and {@code text/plain} reached endpoints whose one-string request record JAX-RS built from the
 * raw text, past the JSON rules (an erasure's reason, a revocation's).
 */
@ApplicationScoped
public class JsonBodies {

    void register(@Observes Filters filters) {
        // After RequestIds (1000), so the problem carries the request id.
        filters.register(rc -> {
            HttpMethod method = rc.request().method();
            String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || isJson(type) || !hasBody(rc.request()) || !rc.normalizedPath().startsWith("/api/")
                    || !(method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
                rc.next();
                return;
            }
            ProblemResponses.write(rc, ProblemType.forStatus(415).problem("unsupported Content-Type '"
                    + type.strip() + "': the API takes application/json (FHIR resources application/fhir+json)"));
        }, 985);
    }

    /** An empty body says nothing, whatever its declared type (clients label empty POSTs as forms or text). */
    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null ? request.headers().contains(HttpHeaders.TRANSFER_ENCODING) : !length.strip().equals("0");
    }

    /** {@code application/json} or {@code application/<anything>+json}, with or without parameters. */
    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        if (type.equals("application/json")) {
            return true;
        }
        // One slash, no blanks: "application/fhir+json" yes, "application/a/b+json" no.
        return type.startsWith("application/") && type.endsWith("+json")
                && type.indexOf('/') == type.lastIndexOf('/') && type.indexOf(' ') < 0;
    }
}
