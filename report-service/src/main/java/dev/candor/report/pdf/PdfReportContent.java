package dev.candor.report.pdf;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * Everything a PDF report shows, already in words: {@link PdfReportWriter} only lays it out. It depends on nothing
 * else in report-service, so any report (patient, provider, regulator) can be mapped onto it.
 *
 * @param title       the report's title, e.g. "Your disclosure report"
 * @param subject     whom the report is about, e.g. "Alice Example (patient pat-alice)"
 * @param period      the days the report covers (inclusive)
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

    /** The days covered, both inclusive. */
    public record Period(LocalDate from, LocalDate to) {
        public Period {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("period ends (" + to + ") before it starts (" + from + ")");
            }
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
