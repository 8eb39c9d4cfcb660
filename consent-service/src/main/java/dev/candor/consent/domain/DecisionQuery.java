package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;

import java.time.Instant;
import java.util.Set;

/**
 * What a discloser wants to do, for every subject of one request: send these categories to this recipient for this
 * purpose at this time.
 *
 * @param reason     the discloser's stated reason; required for break-glass ({@link Purpose#ETREAT})
 * @param dataPeriod the period the data to disclose was created in or is about; null when not stated (then
 *                   provisions limited to a data period may deny but never permit, see {@link Provision#coversData})
 */
public record DecisionQuery(Recipient recipient, Set<DataCategory> categories, Purpose purpose, Instant time,
                            String reason, DataPeriod dataPeriod) {

    /** A query that does not state the data's period. */
    public DecisionQuery(Recipient recipient, Set<DataCategory> categories, Purpose purpose, Instant time,
                         String reason) {
        this(recipient, categories, purpose, time, reason, null);
    }
}
