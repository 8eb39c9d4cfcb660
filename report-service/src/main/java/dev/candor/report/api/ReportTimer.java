package dev.candor.report.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Times every report from the request to the last byte sent — building, signing and streaming included — as
 * {@code candor_report_build_seconds} by kind of report ({@code patients}, {@code providers}, {@code platform}, ...)
 * and outcome ({@code ok} for 2xx, else the status). Watches the response's end, so no resource needs a change.
 */
@ApplicationScoped
public class ReportTimer {

    public static final String NAME = "candor_report_build";
    private static final String PREFIX = "/api/v1/reports/";

    @Inject
    MeterRegistry registry;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.request().path();
            if (path.startsWith(PREFIX) && path.length() > PREFIX.length()) {
                String rest = path.substring(PREFIX.length());
                String kind = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                Timer.Sample sample = Timer.start(registry);
                rc.addEndHandler(ignored -> {
                    int status = rc.response().getStatusCode();
                    sample.stop(Timer.builder(NAME).description("time to build and send a report")
                            .tag("report", kind).tag("outcome", status / 100 == 2 ? "ok" : String.valueOf(status))
                            .publishPercentileHistogram().register(registry));
                });
            }
            rc.next();
        }, 900);
    }
}
