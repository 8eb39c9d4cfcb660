package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The decision for one subject.
 *
 * @param consent             the directive version the decision rests on: the consent that permitted it, or the
 *                            directive that denied it; null when the profile decided
 * @param categories          every category asked for, then every implied one
 * @param permittedCategories the asked-for categories that may be sent (minimum necessary); a category is in it
 *                            only if everything it implies is permitted too
 * @param validUntil          when a break-glass permit lapses; null otherwise
 */
public record SubjectEvaluation(SubjectRef subject, PolicyProfile policyProfile, Provision.Effect decision,
                                LegalBasis legalBasis, ConsentRef consent, List<CategoryOutcome> categories,
                                Set<DataCategory> impliedCategories, Set<DataCategory> permittedCategories,
                                List<MatchedProvision> matchedProvisions, List<Obligation> obligations,
                                boolean breakGlass, boolean reviewRequired, Instant validUntil, String reason) {
}
