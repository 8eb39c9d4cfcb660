package dev.candor.consent.api;

import dev.candor.consent.domain.PolicyProfile;
import jakarta.validation.constraints.NotNull;

/** The profile that applies to a subject from now on (their jurisdiction). */
public record SetProfileRequest(@NotNull PolicyProfile profile) {
}
