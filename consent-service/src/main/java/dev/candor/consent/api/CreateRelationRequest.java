package dev.candor.consent.api;

import dev.candor.common.validation.Identifier;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.Relation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A care relation (a patient and the provider who treats them) or a business relation (a patient or provider and an
 * organisation that holds their data).
 *
 * @param subjectType PATIENT when omitted; CARE relations are always about a patient
 * @param subjectId   optional for a patient (their own)
 * @param partyId     the provider id (CARE) or the organisation id (BUSINESS); a discloser's own org when omitted
 */
public record CreateRelationRequest(
        @NotNull Relation.Kind kind,
        SubjectType subjectType,
        @Size(min = 1, max = 128) @Identifier String subjectId,
        @Size(min = 1, max = 128) @Identifier String partyId) {
}
