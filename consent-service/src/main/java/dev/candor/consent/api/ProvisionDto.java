package dev.candor.consent.api;

import dev.candor.common.validation.Identifier;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.consent.domain.Provision;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Set;

/**
 * A provision as it goes over the wire, in requests and responses alike.
 *
 * @param validFrom  when disclosures under it may start (inclusive); open when null
 * @param validUntil when they must stop (exclusive); open when null
 * @param dataPeriod which data it is about, by when the data was created or what it is about; all data when null
 */
public record ProvisionDto(
        @NotNull Provision.Effect effect,
        Set<@NotNull @Size(min = 1, max = 128) @Identifier String> recipientIds,
        Set<@NotNull RecipientType> recipientTypes,
        @NotEmpty Set<@NotNull DataCategory> categories,
        @NotEmpty Set<@NotNull Purpose> purposes,
        Instant validFrom,
        Instant validUntil,
        DataPeriodDto dataPeriod) {

    Provision toDomain() {
        return new Provision(effect, recipientIds == null ? Set.of() : Set.copyOf(recipientIds),
                recipientTypes == null ? Set.of() : Set.copyOf(recipientTypes), Set.copyOf(categories),
                Set.copyOf(purposes), validFrom, validUntil, DataPeriodDto.toDomain(dataPeriod));
    }

    static ProvisionDto of(Provision p) {
        return new ProvisionDto(p.effect(), p.recipientIds(), p.recipientTypes(), p.categories(), p.purposes(),
                p.validFrom(), p.validUntil(), DataPeriodDto.of(p.dataPeriod()));
    }
}
