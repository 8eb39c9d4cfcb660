package dev.candor.common.json;

import java.time.Instant;

/**
 * The instants Candor accepts from a client: years 0001 to 9999 (RFC 3339's four-digit years without year 0).
 * {@code java.time} parses far wider ({@code -999999999-01-01T00:00:00Z}), and PostgreSQL's {@code timestamptz}
 * refuses some of it (year 0, beyond 294276) — accepted, such a value would fail the group commit it landed in, or be
 * stored and break every later read that converts it (to a {@code java.util.Date}, to FHIR).
 */
public final class InstantRange {

    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** The message the problem mapper gives for an instant outside the range. */
    public static final String MESSAGE = "out of range: must lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    private InstantRange() {
    }

    public static boolean within(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }
}
