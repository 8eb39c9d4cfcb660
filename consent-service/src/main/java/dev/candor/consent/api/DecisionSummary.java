package dev.candor.consent.api;

import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.consent.domain.DecisionService;
import dev.candor.consent.domain.OverallEvaluation;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.Provision;
import dev.candor.consent.domain.SubjectEvaluation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer asked for with {@code Prefer: return=minimal} (RFC 7240): the outcome, its basis and the decision ids to
 * cite, without the explanation (per-category results, matched provisions, obligations). Systems that record
 * disclosures by the thousand — the ledger — need only this; the whole answer is kept under the same ids.
 */
public record DecisionSummary(UUID decisionId, Provision.Effect decision, LegalBasis legalBasis, Instant time,
                              Instant decidedAt, boolean breakGlass, boolean reviewRequired, Instant validUntil,
                              String reason, List<Subject> subjects) {

    /** @param consentId the directive the decision rests on; null when the policy profile decided */
    public record Subject(UUID decisionId, DecisionRequest.Subject subject, Provision.Effect decision,
                          LegalBasis legalBasis, UUID consentId, Integer consentVersion, PolicyProfile policyProfile,
                          String reason) {
    }

    /** One summary per request, in request order. */
    public record Batch(List<DecisionSummary> results) {
    }

    static DecisionSummary of(DecisionService.Decided decided) {
        OverallEvaluation o = decided.overall();
        return new DecisionSummary(decided.id(), o.decision(), o.legalBasis(), decided.query().time(),
                decided.decidedAt(), o.breakGlass(), o.reviewRequired(), o.validUntil(), o.reason(),
                decided.subjects().stream().map(s -> subject(s.id(), s.evaluation())).toList());
    }

    private static Subject subject(UUID id, SubjectEvaluation e) {
        return new Subject(id, DecisionRequest.Subject.of(e.subject()), e.decision(), e.legalBasis(),
                e.consent() == null ? null : e.consent().directiveId(),
                e.consent() == null ? null : e.consent().version(), e.policyProfile(), e.reason());
    }
}
