package dev.candor.ledger.api;

import dev.candor.ledger.config.LedgerConfig;
import dev.candor.ledger.domain.IntegrationStatus;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code ledger-integration}: DOWN, with the reason, while this replica's integrator is halted or has been failing
 * for 10 s. A wellness check (SmallRye): shown at {@code /q/health/well} and in {@code /q/health}, never in
 * {@code /q/health/live} or {@code /q/health/ready} — appends stay durable without checkpoints, and a restart would
 * not mend what halted the integrator (docs/ledger.md, "When integration stops").
 */
@Wellness
@ApplicationScoped
public class IntegrationHealthCheck implements HealthCheck {

    static final String NAME = "ledger-integration";

    @Inject
    IntegrationStatus status;

    @Inject
    LedgerConfig config;

    @Override
    public HealthCheckResponse call() {
        IntegrationStatus.Snapshot s = status.snapshot();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("integrator", config.integration().enabled() ? "on" : "off on this replica");
        status.problem().ifPresent(problem -> response.withData("problem", problem));
        if (s.halted()) {
            response.withData("haltedAt", s.haltedAt().toString());
        }
        if (s.failingSince() != null) {
            response.withData("failingSince", s.failingSince().toString())
                    .withData("consecutiveFailures", s.consecutiveFailures());
        }
        return response.status(status.problem().isEmpty()).build();
    }
}
