package dev.candor.report.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.report.domain.ReportPeriod;
import dev.candor.report.domain.SpooledReport;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * CSV (RFC 4180) for regulators, written to the response as it goes. A report's CSV has one line per entry; the
 * platform report's CSV first has its counts ({@code count} lines), then its flagged entries ({@code entry} lines).
 * CSV is for spreadsheets and is not signed: the signed JSON is what verifies.
 */
final class CsvReports {

    static final String ENTRY_HEADER = "record,leaf_index,id,occurred_at,recipient_id,recipient_name,recipient_type,"
            + "purpose,categories,flags,outcome,basis,consent,aggregate,tpo,sentence";

    private CsvReports() {
    }

    /** Streams the CSV: the header and counts from the report's members, then one line per spooled entry. */
    static StreamingOutput of(SpooledReport spooled) {
        JsonNode report = spooled.fields();
        return output -> {
            Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
            out.write(title(report));
            JsonNode counts = report.path("counts");
            if (counts.isObject()) {
                out.write("record,dimension,key,recipient_type,count\r\n");
                for (String total : new String[]{"entries", "unauthorized", "undecided", "breakGlass"}) {
                    out.write(row("count", "total", total, "", counts.path(total).asText()));
                }
                for (String by : new String[]{"byRecipient", "byRecipientType", "byPurpose", "byCategory",
                        "byLegalBasis"}) {
                    for (JsonNode c : counts.path(by)) {
                        out.write(row("count", by, c.path("key").asText(), c.path("type").asText(""),
                                c.path("count").asText()));
                    }
                }
            }
            out.write(ENTRY_HEADER + "\r\n");
            spooled.forEachEntry(e -> entry(out, e));
            out.flush();
        };
    }

    /**
     * The first line: the report, its period for people (the last day included) and as the signed JSON has it
     * ({@code period.to} excluded), and the tree size, e.g. {@code # candor patient report <id>, disclosures on
     * 2026-11-28 (period.from 2026-11-28T00:00:00Z, period.to 2026-11-29T00:00:00Z excluded), log tree size 5}.
     */
    static String title(JsonNode report) {
        String from = report.path("period").path("from").asText();
        String to = report.path("period").path("to").asText();
        return "# candor " + report.path("kind").asText().toLowerCase(Locale.ROOT) + " report "
                + report.path("id").asText() + ", disclosures "
                + new ReportPeriod(Instant.parse(from), Instant.parse(to)).inWords() + " (period.from " + from
                + ", period.to " + to + " excluded), log tree size " + report.path("log").path("treeSize").asText()
                + "\r\n";
    }

    private static void entry(Writer out, JsonNode e) {
        JsonNode d = e.path("decision");
        try {
            out.write(row("entry", e.path("leafIndex").asText(), e.path("id").asText(),
                    e.path("occurredAt").asText(""), e.path("recipient").path("id").asText(""),
                    e.path("recipient").path("name").asText(""), e.path("recipient").path("type").asText(""),
                    e.path("purpose").asText(""), join(e.path("categories")), join(e.path("flags")),
                    d.path("outcome").asText(""), d.path("basis").asText(""),
                    d.path("consentId").isTextual() ? d.get("consentId").asText() + "@"
                            + d.path("consentVersion").asText() : "",
                    e.path("aggregate").asText(""), e.path("tpo").asText(""), e.path("sentence").asText("")));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String join(JsonNode array) {
        StringBuilder s = new StringBuilder();
        array.forEach(n -> s.append(s.length() == 0 ? "" : ";").append(n.asText()));
        return s.toString();
    }

    static String row(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields[i]));
        }
        return line.append("\r\n").toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
    static String field(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
