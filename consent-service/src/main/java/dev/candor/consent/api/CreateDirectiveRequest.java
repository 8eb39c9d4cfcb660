package dev.candor.consent.api;

import dev.candor.common.validation.Identifier;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * @param patientId     whose directive: optional for a patient (their own), required for a delegate
 * @param kind          the legal kind of directive
 * @param provisions    what is permitted or denied
 * @param authorization the signed form's elements; required for authorizations and Part 2 consents
 * @param signedText    the text the patient saw and signed; only its SHA-256 is kept
 */
public record CreateDirectiveRequest(
        @Size(min = 1, max = 128) @Identifier String patientId,
        @NotNull DirectiveKind kind,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid ProvisionDto> provisions,
        @Valid AuthorizationDto authorization,
        @NotBlank @Size(max = 100_000) String signedText) {

    DirectiveService.Content content() {
        return new DirectiveService.Content(kind, provisions.stream().map(ProvisionDto::toDomain).toList(),
                authorization == null ? null : authorization.toDomain(), signedText);
    }

    /**
     * The request that would have said the same as this content, for holding content that came another way (a FHIR
     * Consent) to exactly this request's rules ({@code jakarta.validation.Validator#validate}).
     */
    public static CreateDirectiveRequest of(String patientId, DirectiveService.Content content) {
        return new CreateDirectiveRequest(patientId, content.kind(),
                content.provisions() == null ? null : content.provisions().stream().map(ProvisionDto::of).toList(),
                AuthorizationDto.of(content.authorization()), content.signedText());
    }
}
