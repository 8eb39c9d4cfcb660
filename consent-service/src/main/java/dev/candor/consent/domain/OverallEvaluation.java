package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The decision for a whole request: PERMIT only if it is PERMIT for every subject.
 *
 * @param permittedCategories the asked-for categories permitted for every subject
 * @param deniedSubjects      the subjects for whom the decision is DENY, in request order
 */
public record OverallEvaluation(Provision.Effect decision, LegalBasis legalBasis, Set<DataCategory> impliedCategories,
                                Set<DataCategory> permittedCategories, List<SubjectRef> deniedSubjects,
                                boolean breakGlass, boolean reviewRequired, Instant validUntil, String reason) {
}
