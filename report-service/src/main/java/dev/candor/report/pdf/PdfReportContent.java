package dev.candor.report.pdf;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Everything a PDF report shows, already in words: {@link PdfReportWriter} only lays it out. It depends on nothing
 * else in report-service, so any report (patient, provider, regulator) can be mapped onto it.
 *
 * @param title       the report's title, e.g. "Your disclosure report"
 * @param subject     whom the report is about, e.g. "Alice Example (patient pat-alice)"
 * @param period      the time the report covers
 * @param generatedAt when the report was made
 * @param checkpoint  the signed ledger checkpoint the report's entries are proven against
 * @param summary     plain-language sentences, shown as a list before anything else
 * @param tables      tables in order; each paginates and repeats its header row
 * @param timeline    disclosures per month and recipient, drawn as a stacked bar chart; may be empty
 */
public record PdfReportContent(String title, String subject, Period period, Instant generatedAt,
                               CheckpointCited checkpoint, List<String> summary, List<Table> tables,
                               List<MonthlyCount> timeline) {

    public PdfReportContent {
        requireText(title, "title");
        requireText(subject, "subject");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(checkpoint, "checkpoint");
        summary = List.copyOf(summary);
        tables = List.copyOf(tables);
        timeline = List.copyOf(timeline);
    }

    /**
     * The time covered, as the signed JSON report's {@code period}: from {@code from} (included) to {@code to}
     * (excluded). What people read is the last day included ({@link #lastDay()}), never {@code to} itself, which for
     * a period ending with a whole day is the midnight after it.
     */
    public record Period(Instant from, Instant to) {
        public Period {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("period ends (" + to + ") before it starts (" + from + ")");
            }
        }

        /** Whole days, both included (UTC). */
        public Period(LocalDate firstDay, LocalDate lastDay) {
            this(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }

        public LocalDate firstDay() {
            return LocalDate.ofInstant(from, ZoneOffset.UTC);
        }

        /** The last day any of the period falls on (UTC): the day before {@code to} when it is a midnight. */
        public LocalDate lastDay() {
            return LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        }
    }

    /**
     * The checkpoint cited by the report.
     *
     * @param rootHash base64, as in the checkpoint's text
     */
    public record CheckpointCited(String origin, long size, String rootHash) {
        public CheckpointCited {
            requireText(origin, "checkpoint origin");
            requireText(rootHash, "checkpoint root hash");
            if (size < 0) {
                throw new IllegalArgumentException("checkpoint size is negative");
            }
        }
    }

    /** A table: every row has one cell per header. Empty cells are empty strings. */
    public record Table(String title, List<String> headers, List<List<String>> rows) {
        public Table {
            requireText(title, "table title");
            headers = List.copyOf(headers);
            if (headers.isEmpty()) {
                throw new IllegalArgumentException("table \"" + title + "\" has no columns");
            }
            rows = List.copyOf(rows);
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).size() != headers.size()) {
                    throw new IllegalArgumentException("table \"" + title + "\" row " + i + " has "
                            + rows.get(i).size() + " cells for " + headers.size() + " columns");
                }
            }
        }
    }

    /** How many disclosures went to one recipient in one month. */
    public record MonthlyCount(YearMonth month, String recipient, long count) {
        public MonthlyCount {
            Objects.requireNonNull(month, "month");
            requireText(recipient, "recipient");
            if (count < 0) {
                throw new IllegalArgumentException("count is negative");
            }
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }
}
