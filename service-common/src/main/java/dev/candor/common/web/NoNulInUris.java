package dev.candor.common.web;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemResponses;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a request whose path or query holds an encoded NUL ({@code %00}) with a 400 problem, in every service and
 * at the gateway, before anything reads it: PostgreSQL can compare such a value with nothing, and a query or path
 * parameter carrying one would otherwise fail inside a database call (a 500). Request bodies get the same rule from
 * {@code NoNulStrings}.
 */
@ApplicationScoped
public class NoNulInUris {

    void register(@Observes Filters filters) {
        // After RequestIds (1000), so the problem carries the request id.
        filters.register(rc -> {
            String uri = rc.request().uri();
            int nul = uri.indexOf('%') < 0 ? -1 : encodedNul(uri);
            if (nul < 0) {
                rc.next();
                return;
            }
            int query = uri.indexOf('?');
            String where = query >= 0 && nul > query ? "query" : "path";
            ProblemResponses.write(rc, ProblemException.validation(where,
                    "must not contain the NUL character (%00)").problem());
        }, 990);
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
}
