package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.LegalBasis;

import java.time.Instant;
import java.util.UUID;

/**
 * consent-service's answer for one subject of an entry, as the ledger stores it.
 *
 * @param outcome PERMIT or DENY
 */
public record Decision(SubjectKey subject, Outcome outcome, LegalBasis basis, UUID consentId, Integer consentVersion,
                       UUID decisionId, String reason, Instant decidedAt) {

    public enum Outcome {PERMIT, DENY}
}
