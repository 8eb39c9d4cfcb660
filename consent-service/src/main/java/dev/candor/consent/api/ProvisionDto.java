package dev.candor.consent.api;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.consent.domain.Provision;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Set;

/** A provision as it goes over the wire, in requests and responses alike. */
public record ProvisionDto(
        @NotNull Provision.Effect effect,
        Set<@NotNull @Size(min = 1, max = 128) String> recipientIds,
        Set<@NotNull RecipientType> recipientTypes,
        @NotEmpty Set<@NotNull DataCategory> categories,
        @NotEmpty Set<@NotNull Purpose> purposes,
        Instant validFrom,
        Instant validUntil) {

    Provision toDomain() {
        return new Provision(effect, recipientIds == null ? Set.of() : Set.copyOf(recipientIds),
                recipientTypes == null ? Set.of() : Set.copyOf(recipientTypes), Set.copyOf(categories),
                Set.copyOf(purposes), validFrom, validUntil);
    }

    static ProvisionDto of(Provision p) {
        return new ProvisionDto(p.effect(), p.recipientIds(), p.recipientTypes(), p.categories(), p.purposes(),
                p.validFrom(), p.validUntil());
    }
}
