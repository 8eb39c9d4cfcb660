package dev.candor.consent.api;

import dev.candor.consent.domain.Delegation;
import dev.candor.consent.domain.DelegationKind;
import dev.candor.consent.domain.DelegationScope;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One version of a delegation, with who recorded it and when. */
public record DelegationView(UUID id, int version, String patientId, String delegateSubject, String delegateName,
                             DelegationKind kind, List<DelegationScope> scopes, Instant validFrom, Instant validUntil,
                             Delegation.Status status, String reason, Instant recordedAt, String recordedBy,
                             String actorRole) {

    static DelegationView of(Delegation d) {
        return new DelegationView(d.id(), d.version(), d.patientId(), d.delegateSubject(), d.delegateName(), d.kind(),
                d.scopes().stream().sorted().toList(), d.validFrom(), d.validUntil(), d.status(), d.reason(),
                d.recordedAt(), d.recordedBy(), d.actorRole());
    }
}
