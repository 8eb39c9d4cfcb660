package dev.candor.consent.api;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.Relation;

import java.time.Instant;
import java.util.UUID;

/** One version of a care or business relation, with who recorded it and when. */
public record RelationView(UUID id, int version, Relation.Kind kind, SubjectType subjectType, String subjectId,
                           String partyId, Relation.Status status, String reason, Instant recordedAt,
                           String recordedBy, String actorRole) {

    static RelationView of(Relation r) {
        return new RelationView(r.id(), r.version(), r.kind(), r.subject().type(), r.subject().id(), r.partyId(),
                r.status(), r.reason(), r.recordedAt(), r.recordedBy(), r.actorRole());
    }
}
