package dev.candor.consent.api;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveService;
import dev.candor.consent.domain.DirectiveStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One version of a directive, with who recorded it and the hash of the signed text.
 *
 * @param patientId        the subject's id (kept under this name for existing clients; see {@code subjectType})
 * @param expiresAt        when the directive ends by itself (an authorization's expiration date)
 * @param textSha256       SHA-256 of the signed text; null for a revocation recorded without one
 * @param revocationReason on a REVOKED version: why
 */
public record DirectiveView(UUID id, int version, String patientId, SubjectType subjectType, DirectiveKind kind,
                            DirectiveStatus status, List<ProvisionDto> provisions, AuthorizationDto authorization,
                            Instant expiresAt, String textSha256, String revocationReason, Instant recordedAt,
                            String recordedBy, String actorRole) {

    static DirectiveView of(DirectiveService.Current current) {
        return new DirectiveView(current.directive().id, current.version().version, current.directive().subjectId,
                current.directive().subjectType, current.directive().kind, current.version().status,
                current.provisions().stream().map(ProvisionDto::of).toList(),
                AuthorizationDto.of(current.authorization()), current.version().expiresAt,
                current.version().textSha256, current.version().revocationReason, current.version().recordedAt,
                current.version().recordedBy, current.version().actorRole);
    }
}
