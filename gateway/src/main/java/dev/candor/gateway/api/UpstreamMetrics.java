package dev.candor.gateway.api;

import dev.candor.gateway.domain.Route;
import dev.candor.gateway.domain.RouteTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Counts the proxied requests that ended in a server error — an upstream's own 5xx, or the gateway's 502/503/504
 * when the upstream failed, was down or too slow — as {@code candor_gateway_upstream_errors_total} by upstream and
 * status. Watches the response's end, so the proxy itself needs no change.
 */
@ApplicationScoped
public class UpstreamMetrics {

    public static final String NAME = "candor_gateway_upstream_errors_total";

    @Inject
    MeterRegistry registry;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.normalizedPath().startsWith("/api/")) {
                rc.addEndHandler(ignored -> {
                    int status = rc.response().getStatusCode();
                    // The route is looked up only for the rare failed request, not for every one.
                    Route route = status >= 500 ? RouteTable.find(rc.normalizedPath()).orElse(null) : null;
                    if (route != null) {
                        registry.counter(NAME, "upstream", route.upstream(), "status", String.valueOf(status))
                                .increment();
                    }
                });
            }
            rc.next();
        }, 900);
    }
}
