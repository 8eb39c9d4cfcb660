package dev.candor.ledger.api;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A disclosure that happened, as the disclosing system reports it. The 45 CFR 164.528(b)(2) fields are required:
 * the date ({@code occurredAt}), the recipient's name and address, a brief description of what was disclosed and a
 * statement of the purpose.
 */
public record DisclosureRequest(
        @NotNull Instant occurredAt,
        @NotNull @Valid Recipient recipient,
        @NotEmpty @Size(max = 10_000) List<@NotNull @Valid Subject> subjects,
        @NotEmpty Set<@NotNull DataCategory> categories,
        @NotNull Purpose purpose,
        @NotBlank @Size(max = 2_000) String description,
        @NotBlank @Size(max = 2_000) String purposeStatement,
        @Min(1) long recordCount) {

    public record Recipient(@NotBlank @Size(max = 128) String id, @NotBlank @Size(max = 256) String name,
                            @NotNull RecipientType type, @NotBlank @Size(max = 512) String address) {
    }

    public record Subject(@NotNull SubjectType type, @NotBlank @Size(max = 128) String id) {
    }
}
