package dev.candor.ledger.api;

import dev.candor.ledger.domain.Decision;

import java.time.Instant;
import java.util.UUID;

/** consent-service's decision for one subject of an entry, as recorded with it. */
public record DecisionView(String subjectType, String subjectId, Decision.Outcome outcome, String basis,
                           UUID consentId, Integer consentVersion, UUID decisionId, String reason,
                           Instant decidedAt) {

    static DecisionView of(Decision d) {
        return new DecisionView(d.subject().type().name(), d.subject().id(), d.outcome(), d.basis().name(),
                d.consentId(), d.consentVersion(), d.decisionId(), d.reason(), d.decidedAt());
    }
}
