package dev.candor.ledger.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Many disclosures recorded at once, all or nothing. */
public record BatchRequest(@NotEmpty @Size(max = 1000) List<@NotNull @Valid DisclosureRequest> entries) {
}
