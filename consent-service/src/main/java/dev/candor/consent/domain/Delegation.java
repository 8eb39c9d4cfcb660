package dev.candor.consent.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * One version of a delegation: a patient lets a delegate (identified by the token subject) act within scopes for a
 * period. Versions are never changed; a revocation is a new version.
 *
 * @param delegateSubject the delegate's token subject ({@code sub})
 * @param delegateName    how the delegate is called, for people reading the history; not used for access
 * @param validFrom       inclusive
 * @param validUntil      exclusive; open when null
 * @param reason          on a REVOKED version: why
 * @param actorRole       {@code patient}, {@code admin} or (revoking their own) {@code delegate}
 */
public record Delegation(UUID id, String patientId, String delegateSubject, int version, Status status,
                         DelegationKind kind, Set<DelegationScope> scopes, String delegateName, Instant validFrom,
                         Instant validUntil, String reason, Instant recordedAt, String recordedBy, String actorRole) {

    public enum Status {ACTIVE, REVOKED}

    /** Assuming this is the latest version recorded by {@code time}: whether the delegation is in force then. */
    public boolean inForceAt(Instant time) {
        return status == Status.ACTIVE && !recordedAt.isAfter(time) && !time.isBefore(validFrom)
                && (validUntil == null || time.isBefore(validUntil));
    }

    public boolean covers(DelegationScope wanted) {
        return scopes.stream().anyMatch(s -> s.covers(wanted));
    }
}
