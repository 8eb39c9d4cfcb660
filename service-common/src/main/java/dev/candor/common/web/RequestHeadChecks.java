package dev.candor.common.web;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;

/**
 * The rules a request's head alone decides, for every service and the gateway, as one filter (one router turn on
 * every request) that runs after {@link RequestIds} (so each problem carries the request id) and before anything
 * reads the request:
 * <ul>
 * <li>a body declared larger than {@code quarkus.http.limits.max-body-size} is a 413 problem — Quarkus checks the
 * same limit in a route of its own but answers with an empty 413. As Quarkus does, the connection is closed after the
 * answer: the unread body must not be taken for the next request. A chunked body that outgrows the limit is still
 * stopped by Quarkus' body handling, whose 413 {@code VertxFailureProblems} turns into a problem;</li>
 * <li>an encoded NUL ({@code %00}) in the path or query is a 400: PostgreSQL can compare such a value with nothing,
 * and it would otherwise fail inside a database call (a 500). Bodies get the same rule from {@code NoNulStrings};</li>
 * <li>every Candor API that takes a body takes JSON ({@code application/json}, or a {@code +json} type such as
 * FHIR's {@code application/fhir+json}): a POST, PUT or PATCH under {@code /api/} with a body whose
 * {@code Content-Type} says anything else — or cannot be parsed — is a 415. Left to JAX-RS, a malformed type was a
 * 500 on some endpoints, and {@code text/plain} reached endpoints whose one-string request record JAX-RS built from
 * the raw text, past the JSON rules (an erasure's reason, a revocation's).</li>
 * </ul>
 */
@ApplicationScoped
public class RequestHeadChecks {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        filters.register(rc -> {
            if (admissible(rc, limit)) {
                rc.next();
            }
        }, 995);
    }

    /** True when the request may go on; false when it was answered with a problem. */
    private static boolean admissible(RoutingContext rc, long limit) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length, limit)) {
            rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .endHandler(ignored -> request.connection().close());
            ProblemResponses.write(rc, ProblemType.PAYLOAD_TOO_LARGE.problem(
                    "the request body (" + length.strip() + " bytes) exceeds the limit of " + limit + " bytes"));
            return false;
        }
        String uri = request.uri();
        int nul = uri.indexOf('%') < 0 ? -1 : encodedNul(uri);
        if (nul >= 0) {
            int query = uri.indexOf('?');
            String where = query >= 0 && nul > query ? "query" : "path";
            ProblemResponses.write(rc, ProblemException.validation(where,
                    "must not contain the NUL character (%00)").problem());
            return false;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        HttpMethod method = request.method();
        if (type != null && !isJson(type) && hasBody(request) && rc.normalizedPath().startsWith("/api/")
                && (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
            ProblemResponses.write(rc, ProblemType.forStatus(415).problem("unsupported Content-Type '"
                    + type.strip() + "': the API takes application/json (FHIR resources application/fhir+json)"));
            return false;
        }
        return true;
    }

    /** True for a declared length over the limit; anything unparsable is left to the HTTP layer. */
    static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Where {@code %00} first occurs, or -1. */
    static int encodedNul(String uri) {
        for (int i = uri.indexOf('%'); i >= 0 && i + 2 < uri.length(); i = uri.indexOf('%', i + 1)) {
            if (uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0') {
                return i;
            }
        }
        return -1;
    }

    /** An empty body says nothing, whatever its declared type (clients label empty POSTs as forms or text). */
    public static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length == null ? request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                : !length.strip().equals("0");
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
