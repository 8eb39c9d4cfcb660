package dev.candor.report.domain;

import dev.candor.common.json.InstantRange;
import dev.candor.common.problem.ProblemException;
import dev.candor.verifier.report.ReportWording;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a report covers, on occurredAt, as [from, to). Default: the {@code maxYears} years ending now (the
 * HIPAA accounting's six-year lookback); longer periods, a reversed period or an unreadable date are a 400 problem.
 */
public record ReportPeriod(Instant from, Instant to) {

    public static ReportPeriod of(String from, String to, int maxYears, Instant now) {
        Instant end = to == null ? now : parse("to", to, true);
        // The default start stays within what the ledger accepts (an end in year 3 has no six years before it).
        Instant start = from == null
                ? max(end.atZone(ZoneOffset.UTC).minusYears(maxYears).toInstant(), InstantRange.MIN)
                : parse("from", from, false);
        if (!end.isAfter(start)) {
            throw ProblemException.validation("to", "must be after from");
        }
        if (start.isBefore(end.atZone(ZoneOffset.UTC).minusYears(maxYears).toInstant())) {
            throw ProblemException.validation("from", "the period may be at most " + maxYears + " years long");
        }
        return new ReportPeriod(start, end);
    }

    /** The period for people: the last day it includes rather than its exclusive end ({@link ReportWording#period}). */
    public String inWords() {
        return ReportWording.period(from, to);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** RFC 3339's date-time: {@code Z} or an offset, {@code T} and {@code Z} in either case; groups hour, second. */
    private static final Pattern INSTANT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt](\\d{2}):\\d{2}:(\\d{2})(?:\\.\\d{1,9})?(?:[Zz]|[+-]\\d{2}:\\d{2})");

    /**
     * A date (as a start its first moment, as an end the moment after it: inclusive) or an RFC 3339 date-time, within
     * {@link InstantRange} and no finer than a microsecond. What {@code Instant.parse} reads beyond that is refused
     * rather than reinterpreted: {@code T24:00:00} (it gave the next day), a leap second {@code :60} (it gave
     * {@code :59}), nanoseconds (PostgreSQL keeps microseconds, so the ledger would select on another bound than the
     * signed period states) and a fraction without digits.
     */
    private static Instant parse(String field, String value, boolean end) {
        Instant instant;
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                instant = (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (end && !InstantRange.within(instant)) {
                    throw ProblemException.validation(field, "the date is inclusive, so the period would end at "
                            + instant + ", after the last instant accepted (9999-12-31T23:59:59Z): give an earlier"
                            + " date, or the end as an instant");
                }
            } else {
                Matcher m = INSTANT.matcher(value);
                if (!m.matches()) {
                    throw new DateTimeException(value);
                }
                if (m.group(1).equals("24")) {
                    throw ProblemException.validation(field, "hour 24 is not a time of day: give the next day's"
                            + " 00:00:00");
                }
                if (m.group(2).equals("60")) {
                    throw ProblemException.validation(field, "a leap second (:60) is not accepted: give :59 or the"
                            + " next minute");
                }
                instant = Instant.parse(value);
                if (instant.getNano() % 1_000 != 0) {
                    throw ProblemException.validation(field, "more precise than a microsecond: the ledger keeps"
                            + " microseconds, so give at most six fractional digits");
                }
            }
        } catch (DateTimeException e) {
            throw ProblemException.validation(field, "must be an ISO-8601 date (2026-01-31) or instant"
                    + " (2026-01-31T00:00:00Z)");
        }
        if (!InstantRange.within(instant)) {
            throw ProblemException.validation(field, InstantRange.MESSAGE);
        }
        return instant;
    }
}
