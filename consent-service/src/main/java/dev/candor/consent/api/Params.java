package dev.candor.consent.api;

import dev.candor.common.problem.ProblemException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Query parameters parsed here rather than by JAX-RS, whose conversion failures are 404s: a bad value is a 400
 * naming the parameter.
 */
final class Params {

    private Params() {
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(name, "invalid value '" + value
                    + "'; expected an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(name, "invalid value '" + value + "'; allowed: "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
