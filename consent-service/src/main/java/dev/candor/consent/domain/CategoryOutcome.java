package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;

import java.util.Set;
import java.util.UUID;

/**
 * The decision for one category of one subject.
 *
 * @param directiveId      the directive that decided it (a PERMIT by consent, or a DENY); null when the profile did
 * @param directiveVersion that directive's version
 * @param implied          true when the category was not asked for but is revealed by one that was
 * @param impliedBy        the asked-for categories that reveal it (empty when not implied)
 */
public record CategoryOutcome(DataCategory category, Provision.Effect decision, LegalBasis legalBasis,
                              UUID directiveId, Integer directiveVersion, boolean implied,
                              Set<DataCategory> impliedBy, String reason) {

    public boolean permitted() {
        return decision == Provision.Effect.PERMIT;
    }
}
