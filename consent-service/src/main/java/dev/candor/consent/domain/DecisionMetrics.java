package dev.candor.consent.domain;

import io.micrometer.core.instrument.Metrics;

import java.util.List;

/**
 * Counts consent decisions by outcome ({@code candor_consent_decisions_total{outcome="PERMIT"|"DENY"}}), one per
 * decision asked (a batch counts each). Called once from {@link DecisionService#decide}; Quarkus adds its Prometheus
 * registry to Micrometer's global registry, so this needs no injection.
 */
public final class DecisionMetrics {

    public static final String NAME = "candor_consent_decisions_total";

    private DecisionMetrics() {
    }

    public static void count(List<DecisionService.Decided> decided) {
        for (DecisionService.Decided d : decided) {
            Metrics.counter(NAME, "outcome", d.overall().decision().name()).increment();
        }
    }
}
