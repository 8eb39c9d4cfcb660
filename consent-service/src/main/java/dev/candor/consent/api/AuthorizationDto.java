package dev.candor.consent.api;

import dev.candor.consent.domain.AuthorizationElements;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * The elements of a signed authorization (45 CFR 164.508(c)) or Part 2 consent (42 CFR 2.31(a)). All are required
 * for HIPAA_AUTHORIZATION, PSYCHOTHERAPY_NOTES_AUTHORIZATION and PART2_CONSENT (an expiration date or event;
 * {@code representativeAuthority} when a delegate records it); a missing one is a 400 naming it.
 */
public record AuthorizationDto(
        @Size(max = 4_000) String informationDescription,
        @Size(max = 1_000) String discloser,
        @Size(max = 1_000) String recipient,
        @Size(max = 2_000) String purpose,
        Instant expiresAt,
        @Size(max = 1_000) String expirationEvent,
        @Size(max = 500) String signature,
        Instant signedAt,
        @Size(max = 2_000) String representativeAuthority,
        @Size(max = 4_000) String revocationStatement) {

    AuthorizationElements toDomain() {
        return new AuthorizationElements(informationDescription, discloser, recipient, purpose, expiresAt,
                expirationEvent, signature, signedAt, representativeAuthority, revocationStatement);
    }

    static AuthorizationDto of(AuthorizationElements a) {
        return a == null ? null : new AuthorizationDto(a.informationDescription(), a.discloser(), a.recipient(),
                a.purpose(), a.expiresAt(), a.expirationEvent(), a.signature(), a.signedAt(),
                a.representativeAuthority(), a.revocationStatement());
    }
}
