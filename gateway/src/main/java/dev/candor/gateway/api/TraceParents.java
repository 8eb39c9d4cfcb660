package dev.candor.gateway.api;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Makes the gateway's own span the parent of the services' spans: the proxy forwards the request's headers, so the
 * W3C {@code traceparent} (and {@code tracestate}) of the gateway's current span is written onto the request before
 * it is proxied. With tracing off there is no valid span and a caller's {@code traceparent} passes through as sent.
 */
@ApplicationScoped
public class TraceParents {

    @Inject
    OpenTelemetry openTelemetry;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (Span.current().getSpanContext().isValid()) {
                openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(),
                        rc.request().headers(), (headers, key, value) -> headers.set(key, value));
            }
            rc.next();
        }, 800);
    }
}
