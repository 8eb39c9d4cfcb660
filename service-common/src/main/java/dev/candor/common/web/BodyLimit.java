package dev.candor.common.web;

import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} gets a 413 problem. Quarkus checks the same
 * limit in a route of its own, but answers with an empty 413; this filter runs before that route (filters come first)
 * and says the same thing as a problem document, naming the limit. As Quarkus does, the connection is closed after
 * the answer: the unread body must not be taken for the next request. A chunked body that outgrows the limit is
 * still stopped by Quarkus' body handling, whose 413 {@code VertxFailureProblems} turns into a problem.
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        // After RequestIds (1000), so the problem carries the request id.
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null || !tooLong(length, limit)) {
                rc.next();
                return;
            }
            rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .endHandler(ignored -> rc.request().connection().close());
            ProblemResponses.write(rc, ProblemType.PAYLOAD_TOO_LARGE.problem(
                    "the request body (" + length.strip() + " bytes) exceeds the limit of " + limit + " bytes"));
        }, 995);
    }

    /** True for a declared length over the limit; anything unparsable is left to the HTTP layer. */
    static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
