package dev.candor.ledger.api;

import dev.candor.common.validation.Identifier;
import dev.candor.common.validation.SingleLine;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A disclosure that happened, as the disclosing system reports it. The 45 CFR 164.528(b)(2) fields are required:
 * the date ({@code occurredAt}), the recipient's name and address, a brief description of what was disclosed and a
 * statement of the purpose. Whom it is about: named {@code subjects} (patients, providers), an aggregate
 * {@code cohort} of patients, or both.
 *
 * @param claimedBasis the legal basis the discloser claims; the ledger records its own decision beside it
 */
public record DisclosureRequest(
        @NotNull Instant occurredAt,
        @NotNull @Valid Recipient recipient,
        @Size(max = 100) List<@NotNull @Valid Subject> subjects,
        @Valid Cohort cohort,
        @NotEmpty @Size(max = 20) Set<@NotNull DataCategory> categories,
        @NotNull Purpose purpose,
        @NotBlank @Size(max = 2_000) String description,
        @NotBlank @Size(max = 2_000) String purposeStatement,
        @Schema(required = true) @Min(1) @Max(1_000_000_000) long recordCount,
        LegalBasis claimedBasis) {

    public record Recipient(@NotBlank @Size(max = 128) @Identifier String id,
                            @NotBlank @Size(max = 256) @SingleLine String name,
                            @NotNull RecipientType type, @NotBlank @Size(max = 512) String address) {
    }

    /**
     * @param treatingProviderId for a patient: the provider who treated them for the data disclosed, so that
     *                           provider sees the entry too
     */
    public record Subject(@NotNull SubjectType type, @NotBlank @Size(max = 128) @Identifier String id,
                          @Size(min = 1, max = 128) @Identifier String treatingProviderId) {
    }

    /**
     * An aggregate dataset: the patients it covers (at most 10,000 per entry — a larger dataset is recorded as several
     * entries; one entry of 100,000 members cost ~100 MB of heap to read, with a decision per member) and how many
     * records it holds in all.
     */
    public record Cohort(@Size(max = 512) String description,
                         @NotEmpty @Size(max = 10_000) List<@NotBlank @Size(max = 128) @Identifier String> memberIds,
                         @Schema(required = true) @Min(1) long size) {
    }

    public List<Subject> subjectsOrEmpty() {
        return subjects == null ? List.of() : subjects;
    }
}
