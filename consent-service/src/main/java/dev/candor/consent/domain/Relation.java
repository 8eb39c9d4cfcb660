package dev.candor.consent.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One version of a care or business relation between a subject and a party: a patient and the provider who treats
 * them ({@link Kind#CARE}, party = provider id), or a patient or provider and an organisation that holds their data
 * ({@link Kind#BUSINESS}, party = org id). Ending a relation is a new version.
 */
public record Relation(UUID id, Kind kind, SubjectRef subject, String partyId, int version, Status status,
                       String reason, Instant recordedAt, String recordedBy, String actorRole) {

    public enum Kind {CARE, BUSINESS}

    public enum Status {ACTIVE, ENDED}
}
