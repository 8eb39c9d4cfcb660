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
 * @param validFrom      start of the period in which disclosures may happen, inclusive; open when null
 * @param validUntil     end of that period, exclusive; open when null
 * @param dataPeriod     the data the provision is about, by when it was created or what it is about; all data when
 *                       null (see {@link #coversData})
 */
public record Provision(Effect effect, Set<String> recipientIds, Set<RecipientType> recipientTypes,
                        Set<DataCategory> categories, Set<Purpose> purposes, Instant validFrom, Instant validUntil,
                        DataPeriod dataPeriod) {

    public enum Effect {PERMIT, DENY}

    /** A provision about data of any date. */
    public Provision(Effect effect, Set<String> recipientIds, Set<RecipientType> recipientTypes,
                     Set<DataCategory> categories, Set<Purpose> purposes, Instant validFrom, Instant validUntil) {
        this(effect, recipientIds, recipientTypes, categories, purposes, validFrom, validUntil, null);
    }

    /** Whether this provision speaks to a disclosure to this recipient, for this purpose, at this time. */
    public boolean appliesTo(Recipient recipient, Purpose purpose, Instant time) {
        return purposes.contains(purpose)
                && (recipientIds.contains(recipient.id()) || recipientTypes.contains(recipient.type()))
                && (validFrom == null || !time.isBefore(validFrom))
                && (validUntil == null || time.isBefore(validUntil));
    }

    /**
     * Whether this provision speaks to data of the period asked about ({@code asked}; null when the request does not
     * say). Without a data period it speaks to all data. With one, the rule is asymmetric so that saying less never
     * releases more: a PERMIT speaks only when the data asked about lies entirely within its period (an unstated
     * period could reach outside it); a DENY speaks whenever the data asked about may fall within its period (an
     * unstated period may).
     */
    public boolean coversData(DataPeriod asked) {
        if (dataPeriod == null) {
            return true;
        }
        return effect == Effect.PERMIT ? asked != null && dataPeriod.contains(asked)
                : asked == null || dataPeriod.overlaps(asked);
    }
}
