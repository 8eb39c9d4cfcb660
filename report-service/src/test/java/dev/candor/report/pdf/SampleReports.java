package dev.candor.report.pdf;

import dev.candor.report.pdf.PdfReportContent.CheckpointCited;
import dev.candor.report.pdf.PdfReportContent.MonthlyCount;
import dev.candor.report.pdf.PdfReportContent.Period;
import dev.candor.report.pdf.PdfReportContent.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Report contents shaped like the main story of DESIGN.md, for the tests and the benchmark. */
public final class SampleReports {

    public static final String TITLE = "Your disclosure report";
    public static final List<String> SUMMARY = List.of(
            "Your session frequency was shared with Evergreen Health Plan for rate negotiation without your consent.",
            "Your billing codes and dates of service went to Evergreen Health Plan for claims 14 times, as your"
                    + " consent of 3 March 2025 (version 2) allows.",
            "No psychotherapy notes about you were disclosed.");
    public static final List<String> HEADERS =
            List.of("Date", "Recipient", "Purpose", "What was shared", "Legal basis", "Decision");
    static final String[] RECIPIENTS = {
            "Evergreen Health Plan", "CareBridge Clearinghouse", "Lakeside EHR", "State Health Department",
            "Northside Research Institute", "Summit Analytics", "Harbor Billing Services", "Meridian Insurance",
            "Atlas Data Partners"};
    private static final String[] PURPOSES = {"Claims (HPAYMT)", "Rate negotiation", "Treatment (TREAT)",
            "Operations (HOPERAT)", "Research (HRESCH)", "Oversight"};
    private static final String[] CATEGORIES = {"Billing codes, dates of service", "Session frequency",
            "Diagnosis", "Session dates, session duration (implied by CPT 90837)", "Practice patterns"};
    private static final String[] DECISIONS = {"Permitted", "Denied — recorded and flagged UNAUTHORIZED",
            "Permitted (break-glass, flagged for review)"};

    private SampleReports() {
    }

    /** Alice's report with {@code rows} disclosures over six years, deterministic for a given seed. */
    public static PdfReportContent alice(int rows, long seed) {
        Random random = new Random(seed);
        LocalDate from = LocalDate.of(2020, 12, 1);
        LocalDate to = LocalDate.of(2026, 11, 27);
        List<List<String>> disclosures = new ArrayList<>(rows);
        int[][] perMonth = new int[RECIPIENTS.length][72];
        for (int i = 0; i < rows; i++) {
            int recipient = Math.min(RECIPIENTS.length - 1, (int) Math.abs(random.nextGaussian() * 2.2));
            int month = random.nextInt(72);
            perMonth[recipient][month]++;
            LocalDate day = from.plusMonths(month).withDayOfMonth(1 + random.nextInt(28));
            disclosures.add(List.of(day.toString(), RECIPIENTS[recipient], PURPOSES[random.nextInt(PURPOSES.length)],
                    CATEGORIES[random.nextInt(CATEGORIES.length)],
                    random.nextBoolean() ? "Consent c-7f3a version 2" : "HIPAA TPO",
                    DECISIONS[random.nextInt(DECISIONS.length)]));
        }
        List<MonthlyCount> timeline = new ArrayList<>();
        for (int r = 0; r < RECIPIENTS.length; r++) {
            for (int m = 0; m < 72; m++) {
                if (perMonth[r][m] > 0) {
                    timeline.add(new MonthlyCount(YearMonth.from(from).plusMonths(m), RECIPIENTS[r], perMonth[r][m]));
                }
            }
        }
        Table consents = new Table("Your consent history", List.of("Version", "In force from", "What it says"),
                List.of(List.of("1", "2024-01-10", "Billing codes and dates of service to your insurer for claims only."),
                        List.of("2", "2025-03-03", "Adds: session frequency and duration never shared for anything else."
                                + " No psychotherapy-notes authorization.")));
        return new PdfReportContent(TITLE, "Alice Example (patient pat-alice)", new Period(from, to),
                Instant.parse("2026-11-27T15:30:00Z"),
                new CheckpointCited("candor.dev/ledger/local", 1_204_337,
                        "qL7mW0m2yVqgS4Kx3r+o2rJf0T9Nw8m3cXh2f1Wq9Ck="),
                SUMMARY, List.of(new Table("Every disclosure about you", HEADERS, disclosures), consents), timeline);
    }
}
