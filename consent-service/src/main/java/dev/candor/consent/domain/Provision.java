package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;

import java.time.Instant;
import java.util.Set;

/**
 * One rule of a directive: PERMIT or DENY over recipients × categories × purposes × period.
 *
 * @param recipientIds   specific recipients; a provision speaks to a recipient named here <em>or</em> of a type below
 * @param recipientTypes kinds of recipient
 * @param validFrom      start of the period, inclusive; open when null
 * @param validUntil     end of the period, exclusive; open when null
 */
public record Provision(Effect effect, Set<String> recipientIds, Set<RecipientType> recipientTypes,
                        Set<DataCategory> categories, Set<Purpose> purposes, Instant validFrom, Instant validUntil) {

    public enum Effect {PERMIT, DENY}

    /** Whether this provision speaks to a disclosure to this recipient, for this purpose, at this time. */
    public boolean appliesTo(Recipient recipient, Purpose purpose, Instant time) {
        return purposes.contains(purpose)
                && (recipientIds.contains(recipient.id()) || recipientTypes.contains(recipient.type()))
                && (validFrom == null || !time.isBefore(validFrom))
                && (validUntil == null || time.isBefore(validUntil));
    }
}
