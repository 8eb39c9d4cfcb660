package dev.candor.consent.api;

import jakarta.validation.constraints.Size;

/** The optional body of a revocation or an ending: why, in the actor's words. The body itself may be omitted. */
public record ReasonRequest(@Size(max = 2_000) String reason) {

    static String of(ReasonRequest request) {
        return request == null ? null : request.reason();
    }
}
