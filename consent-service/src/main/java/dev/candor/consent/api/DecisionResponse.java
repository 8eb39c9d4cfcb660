package dev.candor.consent.api;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.consent.domain.CategoryOutcome;
import dev.candor.consent.domain.DecisionService;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.MatchedProvision;
import dev.candor.consent.domain.Obligation;
import dev.candor.consent.domain.OverallEvaluation;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.Provision;
import dev.candor.consent.domain.SubjectEvaluation;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The decision for a request as a whole and for each subject; every decision id is kept and can be cited.
 *
 * @param decisionId          the id of the request's decision (each subject has its own too)
 * @param decision            PERMIT only if PERMIT for every subject
 * @param legalBasis          for a PERMIT, the most specific basis among the subjects'; NONE for a DENY
 * @param time                the moment decided about
 * @param dataPeriod          the period of the data decided about, as the request stated it; null when it did not
 * @param impliedCategories   categories not asked for but revealed by those asked for (evaluated too)
 * @param permittedCategories the asked-for categories permitted for every subject: the minimum necessary
 * @param deniedSubjects      the subjects for whom it is DENY
 * @param breakGlass          the purpose is ETREAT
 * @param reviewRequired      a break-glass permit that a person must review
 * @param validUntil          when a break-glass permit lapses (time + 4 h); null otherwise
 */
public record DecisionResponse(UUID decisionId, Provision.Effect decision, LegalBasis legalBasis, Instant time,
                               DataPeriodDto dataPeriod, Instant decidedAt, Purpose purpose, DecisionRequest.RecipientRef recipient,
                               Set<DataCategory> categories, Set<DataCategory> impliedCategories,
                               Set<DataCategory> permittedCategories, List<DecisionRequest.Subject> deniedSubjects,
                               boolean breakGlass, boolean reviewRequired, Instant validUntil, String reason,
                               List<SubjectDecision> subjects) {

    /**
     * @param consentId      the directive the decision rests on: the consent that permitted it, or the directive that
     *                       denied it; null when the policy profile decided
     * @param consentVersion that directive's version
     * @param policyProfile  the profile that applied to this subject
     */
    public record SubjectDecision(UUID decisionId, DecisionRequest.Subject subject, Provision.Effect decision,
                                  LegalBasis legalBasis, UUID consentId, Integer consentVersion,
                                  DirectiveKind consentKind, PolicyProfile policyProfile,
                                  List<CategoryDecision> categories, Set<DataCategory> impliedCategories,
                                  Set<DataCategory> permittedCategories, List<MatchedProvisionView> matchedProvisions,
                                  List<ObligationView> obligations, boolean breakGlass, boolean reviewRequired,
                                  Instant validUntil, String reason) {
    }

    /**
     * @param directiveId the directive that decided this category; null when the profile did
     * @param implied     not asked for, revealed by {@code impliedBy}
     */
    public record CategoryDecision(DataCategory category, Provision.Effect decision, LegalBasis legalBasis,
                                   UUID directiveId, Integer directiveVersion, boolean implied,
                                   Set<DataCategory> impliedBy, String reason) {
    }

    /**
     * @param provisionIndex the provision's index in that version ({@code provisions[i]})
     * @param applied        whether it decided a category (false: beaten by a DENY, or unable to release it)
     */
    public record MatchedProvisionView(UUID directiveId, int directiveVersion, DirectiveKind kind, int provisionIndex,
                                       Provision.Effect effect, Set<DataCategory> categories, boolean applied) {
    }

    public record ObligationView(Obligation.Code code, Set<DataCategory> categories, String detail) {
    }

    static DecisionResponse of(DecisionService.Decided decided) {
        OverallEvaluation o = decided.overall();
        return new DecisionResponse(decided.id(), o.decision(), o.legalBasis(), decided.query().time(),
                DataPeriodDto.of(decided.query().dataPeriod()), decided.decidedAt(), decided.query().purpose(),
                DecisionRequest.RecipientRef.of(decided.query().recipient()), decided.query().categories(),
                o.impliedCategories(), o.permittedCategories(),
                o.deniedSubjects().stream().map(DecisionRequest.Subject::of).toList(), o.breakGlass(),
                o.reviewRequired(), o.validUntil(), o.reason(),
                decided.subjects().stream().map(s -> subject(s.id(), s.evaluation())).toList());
    }

    private static SubjectDecision subject(UUID id, SubjectEvaluation e) {
        return new SubjectDecision(id, DecisionRequest.Subject.of(e.subject()), e.decision(), e.legalBasis(),
                e.consent() == null ? null : e.consent().directiveId(),
                e.consent() == null ? null : e.consent().version(),
                e.consent() == null ? null : e.consent().kind(), e.policyProfile(),
                e.categories().stream().map(DecisionResponse::category).toList(), e.impliedCategories(),
                e.permittedCategories(), e.matchedProvisions().stream().map(DecisionResponse::provision).toList(),
                e.obligations().stream().map(ob -> new ObligationView(ob.code(), ob.categories(), ob.detail()))
                        .toList(),
                e.breakGlass(), e.reviewRequired(), e.validUntil(), e.reason());
    }

    private static CategoryDecision category(CategoryOutcome c) {
        return new CategoryDecision(c.category(), c.decision(), c.legalBasis(), c.directiveId(), c.directiveVersion(),
                c.implied(), c.impliedBy(), c.reason());
    }

    private static MatchedProvisionView provision(MatchedProvision m) {
        return new MatchedProvisionView(m.directiveId(), m.version(), m.kind(), m.provisionIndex(), m.effect(),
                m.categories(), m.applied());
    }
}
