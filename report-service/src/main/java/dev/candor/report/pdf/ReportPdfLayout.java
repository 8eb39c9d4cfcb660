package dev.candor.report.pdf;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a signed JSON report ({@code candor-report/1}) looks like on paper: the same report, laid out for people — the
 * plain-language summary, a timeline of disclosures per month by recipient, every disclosure with its sentence, and the
 * 164.528(b)(3) summaries of repeated disclosures. The PDF cites the checkpoint the JSON report embeds, so a reader can
 * ask for the JSON to check each entry's proof.
 */
public final class ReportPdfLayout {

    private ReportPdfLayout() {
    }

    public static PdfReportContent of(JsonNode report) {
        JsonNode log = report.path("log");
        List<List<String>> disclosures = new ArrayList<>();
        Map<YearMonth, Map<String, Long>> perMonth = new TreeMap<>();
        for (JsonNode entry : report.path("entries")) {
            String recipient = text(entry.at("/recipient/name"), entry.at("/recipient/id").asText("unknown"));
            String occurredAt = entry.path("occurredAt").asText("");
            disclosures.add(List.of(occurredAt.length() >= 10 ? occurredAt.substring(0, 10) : occurredAt, recipient,
                    entry.path("purpose").asText(""), join(entry.path("categories")),
                    entry.at("/decision/outcome").asText(""), join(entry.path("flags")),
                    entry.path("sentence").asText("")));
            if (occurredAt.length() >= 7) {
                perMonth.computeIfAbsent(YearMonth.parse(occurredAt.substring(0, 7)), m -> new TreeMap<>())
                        .merge(recipient, 1L, Long::sum);
            }
        }
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

        List<PdfReportContent.Table> tables = new ArrayList<>();
        tables.add(new PdfReportContent.Table("Every disclosure",
                List.of("Date", "Recipient", "Purpose", "Data", "Decision", "Flags", "What happened"), disclosures));
        if (!repeated.isEmpty()) {
            tables.add(new PdfReportContent.Table("Repeated disclosures (45 CFR 164.528(b)(3))",
                    List.of("Recipient", "Purpose", "Count", "Summary"), repeated));
        }
        return new PdfReportContent(title(report.path("kind").asText()), subject(report.path("subject")),
                new PdfReportContent.Period(date(report.at("/period/from")), date(report.at("/period/to"))),
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

    private static LocalDate date(JsonNode value) {
        return LocalDate.parse(value.asText().substring(0, 10));
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
