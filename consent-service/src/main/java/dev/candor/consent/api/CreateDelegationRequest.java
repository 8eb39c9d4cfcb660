package dev.candor.consent.api;

import dev.candor.common.validation.Identifier;
import dev.candor.common.validation.SingleLine;
import dev.candor.consent.domain.DelegationKind;
import dev.candor.consent.domain.DelegationScope;
import dev.candor.consent.domain.DelegationService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Set;

/**
 * A patient (or an admin) lets a delegate act for the patient.
 *
 * @param patientId       optional for a patient (their own), required for an admin
 * @param delegateSubject the delegate's user id: the {@code sub} of their tokens
 * @param delegateName    how the delegate is called, for people reading the history
 * @param validFrom       now when omitted
 * @param validUntil      open-ended when omitted; must be after validFrom and in the future
 */
public record CreateDelegationRequest(
        @Size(max = 128) @Identifier String patientId,
        @NotBlank @Size(max = 128) @Identifier String delegateSubject,
        @Size(max = 200) @SingleLine String delegateName,
        @NotNull DelegationKind kind,
        @NotEmpty Set<@NotNull DelegationScope> scopes,
        Instant validFrom,
        Instant validUntil) {

    DelegationService.Grant toGrant() {
        return new DelegationService.Grant(patientId, delegateSubject.strip(), delegateName, kind, scopes, validFrom,
                validUntil);
    }
}
