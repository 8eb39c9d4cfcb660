package dev.candor.consent.api;

import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The whole new content of a directive: an amendment is a new version, signed again.
 *
 * @param kind        optional; if given it must be the directive's kind (a kind never changes)
 * @param baseVersion optional; the version being amended — a 409 if the directive has moved on since
 */
public record AmendDirectiveRequest(
        DirectiveKind kind,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid ProvisionDto> provisions,
        @Valid AuthorizationDto authorization,
        @NotBlank @Size(max = 100_000) String signedText,
        @Positive Integer baseVersion) {

    DirectiveService.Content content() {
        return new DirectiveService.Content(kind, provisions.stream().map(ProvisionDto::toDomain).toList(),
                authorization == null ? null : authorization.toDomain(), signedText);
    }
}
