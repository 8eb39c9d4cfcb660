package dev.candor.consent.api;

import dev.candor.consent.domain.DecisionService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Up to 1,000 decision requests (and 10,000 subjects in all), decided and recorded together. */
public record BatchDecisionRequest(
        @NotEmpty @Size(max = DecisionService.MAX_REQUESTS) List<@NotNull @Valid DecisionRequest> requests) {
}
