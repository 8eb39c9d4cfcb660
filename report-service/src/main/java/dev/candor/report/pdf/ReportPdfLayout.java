package dev.candor.report.pdf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.report.domain.SpooledReport;

import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a signed JSON report ({@code candor-report/2}) looks like on paper: the same report, laid out for people — the
 * plain-language summary, a timeline of disclosures per month by recipient, every disclosure with its sentence, and the
 * 164.528(b)(3) summaries of repeated disclosures. The PDF cites the checkpoint the JSON report embeds, so a reader can
 * ask for the JSON to check each entry's proof.
 */
public final class ReportPdfLayout {

    private final int maxRows;
    private final List<List<String>> disclosures = new ArrayList<>();
    private final Map<YearMonth, Map<String, Long>> perMonth = new TreeMap<>();
    private long entries;

    private ReportPdfLayout(int maxRows) {
        this.maxRows = maxRows;
    }

    /** A report held whole in memory (its {@code entries} inside), every entry a row. */
    public static PdfReportContent of(JsonNode report) {
        ReportPdfLayout layout = new ReportPdfLayout(Integer.MAX_VALUE);
        report.path("entries").forEach(layout::add);
        return layout.content(report);
    }

    /**
     * A spooled report, read back one entry at a time. PDFBox holds the whole document in memory, so the table
     * "Every disclosure" lists at most {@code maxRows} of them (the oldest) and then says how many more the signed
     * JSON report lists; the timeline and the repeated-disclosure summaries still count every entry.
     */
    public static PdfReportContent of(SpooledReport report, int maxRows) throws IOException {
        ReportPdfLayout layout = new ReportPdfLayout(maxRows);
        report.forEachEntry(layout::add);
        return layout.content(report.fields());
    }

    private void add(JsonNode entry) {
        entries++;
        String recipient = text(entry.at("/recipient/name"), entry.at("/recipient/id").asText("unknown"));
        String occurredAt = entry.path("occurredAt").asText("");
        if (disclosures.size() < maxRows) {
            disclosures.add(List.of(occurredAt.length() >= 10 ? occurredAt.substring(0, 10) : occurredAt, recipient,
                    entry.path("purpose").asText(""), join(entry.path("categories")),
                    entry.at("/decision/outcome").asText(""), join(entry.path("flags")),
                    entry.path("sentence").asText("")));
        }
        if (occurredAt.length() >= 7) {
            perMonth.computeIfAbsent(YearMonth.parse(occurredAt.substring(0, 7)), m -> new TreeMap<>())
                    .merge(recipient, 1L, Long::sum);
        }
    }

    /** The content, from the report's other members and the entries added. */
    private PdfReportContent content(JsonNode report) {
        JsonNode log = report.path("log");
        List<PdfReportContent.MonthlyCount> timeline = new ArrayList<>();
        perMonth.forEach((month, byRecipient) -> byRecipient.forEach((recipient, count) ->
                timeline.add(new PdfReportContent.MonthlyCount(month, recipient, count))));

        List<List<String>> repeated = new ArrayList<>();
        for (JsonNode group : report.path("groups")) {
            if (group.hasNonNull("summary")) {
                repeated.add(List.of(text(group.path("recipientName"), group.path("recipientId").asText("")),
                        group.path("purpose").asText(""), group.path("count").asText(""),
                        group.path("summary").asText("")));
            }
        }
        List<String> summary = new ArrayList<>();
        report.path("summary").forEach(line -> summary.add(line.asText()));
        if (!report.path("complete").asBoolean(true)) {
            summary.add("This report is incomplete: the period holds more disclosures than one report lists.");
        }
        String everyDisclosure = "Every disclosure";
        if (entries > disclosures.size()) {
            everyDisclosure = "The first " + disclosures.size() + " of " + entries + " disclosures";
            summary.add("This PDF lists the first " + disclosures.size() + " of the " + entries + " disclosures one by"
                    + " one; the chart and the summaries count all of them, and the signed JSON report lists every"
                    + " one with its proof.");
        }

        List<PdfReportContent.Table> tables = new ArrayList<>();
        tables.add(new PdfReportContent.Table(everyDisclosure,
                List.of("Date", "Recipient", "Purpose", "Data", "Decision", "Flags", "What happened"), disclosures));
        if (!repeated.isEmpty()) {
            tables.add(new PdfReportContent.Table("Repeated disclosures (45 CFR 164.528(b)(3))",
                    List.of("Recipient", "Purpose", "Count", "Summary"), repeated));
        }
        return new PdfReportContent(title(report.path("kind").asText()), subject(report.path("subject")),
                new PdfReportContent.Period(Instant.parse(report.at("/period/from").asText()),
                        Instant.parse(report.at("/period/to").asText())),
                Instant.parse(report.path("generatedAt").asText()),
                new PdfReportContent.CheckpointCited(log.path("origin").asText(), log.path("treeSize").asLong(),
                        log.path("rootHash").asText()),
                summary, tables, timeline);
    }

    private static String title(String kind) {
        return switch (kind) {
            case "PATIENT" -> "Who received your mental-health data";
            case "PROVIDER" -> "Disclosures about your practice and your patients";
            default -> "Disclosures across the platform";
        };
    }

    private static String subject(JsonNode subject) {
        return subject.isMissingNode() || subject.isNull() ? "the whole platform"
                : subject.path("type").asText("").toLowerCase() + " " + subject.path("id").asText();
    }

    private static String text(JsonNode value, String fallback) {
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : fallback;
    }

    private static String join(JsonNode values) {
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(v.asText()));
        return String.join(", ", parts);
    }
}
