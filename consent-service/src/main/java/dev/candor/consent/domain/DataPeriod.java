package dev.candor.consent.domain;

import dev.candor.common.problem.Problem;

import java.time.Instant;
import java.util.List;

/**
 * When the data was created, or when the events it is about happened: {@code [start, end)}, an end open when null.
 * Not to be confused with a provision's {@code validFrom}/{@code validUntil}, which say <em>when a disclosure may
 * happen</em>: "share my 2024 sessions" is a data period; "until I revoke it in 2027" is a validity period.
 *
 * @param start first instant of the data, inclusive; open (since ever) when null
 * @param end   end of the data, exclusive; open (and onwards) when null
 */
public record DataPeriod(Instant start, Instant end) {

    /** Whether every instant of {@code inner} lies in this period (an open end of {@code inner} does not). */
    public boolean contains(DataPeriod inner) {
        return (start == null || inner.start != null && !inner.start.isBefore(start))
                && (end == null || inner.end != null && !inner.end.isAfter(end));
    }

    /** Whether the two periods share at least one instant. */
    public boolean overlaps(DataPeriod other) {
        return (end == null || other.start == null || other.start.isBefore(end))
                && (other.end == null || start == null || start.isBefore(other.end));
    }

    /**
     * The rules of a data period wherever one is given (a provision's, a decision request's): at least one end,
     * and the end after the start. Adds one error per broken rule, naming {@code at.start} or {@code at.end}.
     */
    public static void check(DataPeriod period, String at, List<Problem.FieldError> errors) {
        if (period == null) {
            return;
        }
        if (period.start == null && period.end == null) {
            errors.add(new Problem.FieldError(at, "give start, end or both (an open data period is the same as none:"
                    + " leave dataPeriod out)"));
        } else if (period.start != null && period.end != null && !period.end.isAfter(period.start)) {
            errors.add(new Problem.FieldError(at + ".end", "must be after " + at.substring(at.lastIndexOf('.') + 1)
                    + ".start (the end is exclusive)"));
        }
    }

    @Override
    public String toString() {
        return "[" + (start == null ? "any time" : start) + ", " + (end == null ? "open" : end) + ")";
    }
}
