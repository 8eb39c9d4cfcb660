package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;

import java.util.Set;
import java.util.UUID;

/**
 * A provision of a directive in force that speaks to the request (recipient, purpose, time and at least one
 * category).
 *
 * @param provisionIndex the provision's position in the directive version, from 0 (as in {@code provisions[0]})
 * @param categories     the categories of the request it speaks to
 * @param applied        whether it decided at least one category; false when a DENY beat it, or when it cannot
 *                       release the category (psychotherapy notes outside their own authorization, SUD records
 *                       outside a Part 2 consent under the PART2 profile)
 */
public record MatchedProvision(UUID directiveId, int version, DirectiveKind kind, int provisionIndex,
                               Provision.Effect effect, Set<DataCategory> categories, boolean applied) {
}
