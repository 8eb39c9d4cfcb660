package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;

import java.time.Instant;

/** Optional narrowing of a ledger query; every field may be null. */
public record EntryFilter(String subjectId, String recipientId, Purpose purpose, DataCategory category,
                          Instant from, Instant to, Flag flag) {

    public static final EntryFilter NONE = new EntryFilter(null, null, null, null, null, null, null);
}
