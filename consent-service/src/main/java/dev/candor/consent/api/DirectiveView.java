package dev.candor.consent.api;

import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveService;
import dev.candor.consent.domain.DirectiveStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A directive as its current version says, with who recorded that version and the hash of the signed text. */
public record DirectiveView(UUID id, int version, String patientId, DirectiveKind kind, DirectiveStatus status,
                            List<ProvisionDto> provisions, String textSha256, Instant recordedAt, String recordedBy,
                            String actorRole) {

    static DirectiveView of(DirectiveService.Current current) {
        return new DirectiveView(current.directive().id, current.version().version, current.directive().subjectId,
                current.directive().kind, current.version().status,
                current.provisions().stream().map(ProvisionDto::of).toList(), current.version().textSha256,
                current.version().recordedAt, current.version().recordedBy, current.version().actorRole);
    }
}
