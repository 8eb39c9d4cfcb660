package dev.candor.consent.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A directive as one of its versions says: what the decision engine evaluates. Immutable, no persistence attached,
 * so the evaluator stays a pure function.
 *
 * @param recordedAt when this version was recorded: it is in force from then until the next version
 * @param expiresAt  when the directive ends by itself (an authorization's expiration date); null when it does not
 */
public record DirectiveSnapshot(UUID directiveId, int version, DirectiveKind kind, DirectiveStatus status,
                                Instant recordedAt, Instant expiresAt, List<Provision> provisions) {

    /** Assuming this is the directive's latest version recorded by {@code time}: whether it is in force then. */
    public boolean inForceAt(Instant time) {
        return inForce(status, recordedAt, expiresAt, time);
    }

    /** For the latest version recorded by {@code time}: in force when active, recorded by then and not expired. */
    static boolean inForce(DirectiveStatus status, Instant recordedAt, Instant expiresAt, Instant time) {
        return status == DirectiveStatus.ACTIVE && !recordedAt.isAfter(time)
                && (expiresAt == null || time.isBefore(expiresAt));
    }

    @Override
    public String toString() {
        return kind + " " + directiveId + " version " + version;
    }
}
