package dev.candor.common.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane, a new one otherwise. The id is
 * written back on the request (so REST clients propagating headers pass it on), on the response and in the log MDC.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String id = rc.request().getHeader(HEADER);
            if (id == null || !SANE.matcher(id).matches()) {
                id = UUID.randomUUID().toString();
                rc.request().headers().set(HEADER, id);
            }
            rc.response().putHeader(HEADER, id);
            MDC.put(MDC_KEY, id);
            rc.addEndHandler(ignored -> MDC.remove(MDC_KEY));
            rc.next();
        }, 1000);
    }
}
