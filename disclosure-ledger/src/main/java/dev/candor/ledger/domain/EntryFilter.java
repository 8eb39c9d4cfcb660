package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.SubjectType;

import java.time.Instant;

/**
 * Optional narrowing of a ledger query; every field may be null.
 *
 * @param subjectType with {@code subjectId}: only entries about a subject of this type with that id (a patient and a
 *                    provider may share an id; a report about one must not list the other's entries)
 */
public record EntryFilter(SubjectType subjectType, String subjectId, String recipientId, Purpose purpose,
                          DataCategory category, Instant from, Instant to, Flag flag) {

    public static final EntryFilter NONE = new EntryFilter(null, null, null, null, null, null, null, null);
}
