package dev.candor.consent.api;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * All optional: the body itself may be omitted.
 *
 * @param reason      why, in the patient's words
 * @param signedText  the revocation text the patient signed, if any; only its SHA-256 is kept
 * @param baseVersion the version being revoked — a 409 if the directive has moved on since
 */
public record RevokeDirectiveRequest(
        @Size(max = 2_000) String reason,
        @Size(max = 100_000) String signedText,
        @Positive Integer baseVersion) {
}
