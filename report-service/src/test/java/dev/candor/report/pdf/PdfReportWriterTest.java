package dev.candor.report.pdf;

import dev.candor.report.pdf.PdfReportContent.CheckpointCited;
import dev.candor.report.pdf.PdfReportContent.MonthlyCount;
import dev.candor.report.pdf.PdfReportContent.Period;
import dev.candor.report.pdf.PdfReportContent.Table;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PDF a person reads: its text read back with PDFBox, its pages rendered to PNG (written to
 * {@code target/pdf-pages/} for a look) and checked by their pixels.
 */
class PdfReportWriterTest {

    static final Path PAGES = Path.of("target", "pdf-pages");
    static final int BLUE = 0x0072b2;
    static final int ORANGE = 0xe69f00;

    @BeforeAll
    static void headless() throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(PAGES);
    }

    static byte[] write(PdfReportContent content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PdfReportWriter().write(content, out);
        return out.toByteArray();
    }

    static String text(PDDocument doc, int fromPage, int toPage) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        stripper.setStartPage(fromPage);
        stripper.setEndPage(toPage);
        return stripper.getText(doc).replaceAll("\\s+", " ");
    }

    @Test
    void theTitleSummaryCheckpointAndEveryTableRowCanBeReadBack() throws IOException {
        PdfReportContent content = SampleReports.alice(40, 1);
        try (PDDocument doc = Loader.loadPDF(write(content))) {
            String text = text(doc, 1, doc.getNumberOfPages());
            assertThat(text).contains(SampleReports.TITLE, "About: Alice Example (patient pat-alice)",
                    "Period: 1 December 2020 – 27 November 2026", "Generated: 27 November 2026, 15:30 UTC");
            assertThat(text).contains("candor.dev/ledger/local", "1,204,337 entries",
                    "qL7mW0m2yVqgS4Kx3r+o2rJf0T9Nw8m3cXh2f1Wq9Ck=");
            for (String sentence : SampleReports.SUMMARY) {
                assertThat(text).contains(sentence);
            }
            for (Table table : content.tables()) {
                assertThat(text).contains(table.title());
                for (List<String> row : table.rows()) {
                    // A row's cells share a baseline, so they come back as one line, in order (long cells wrap)
                    assertThat(text).contains(row.get(0) + " " + row.get(1).split(" ")[0]);
                    for (String cell : row) {
                        assertThat(text).contains(cell.split(" ")[0]);
                    }
                }
            }
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo(SampleReports.TITLE);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(595.27563f);
        }
    }

    @Test
    void rowsThatFitOnOneLineComeBackWholeAndInColumnOrder() throws IOException {
        Table table = new Table("Disclosures", List.of("Date", "Recipient", "Purpose"),
                List.of(List.of("2026-01-05", "Evergreen Health Plan", "Claims"),
                        List.of("2026-02-11", "Summit Analytics", "Rate negotiation")));
        PdfReportContent content = withTables(List.of(table));
        try (PDDocument doc = Loader.loadPDF(write(content))) {
            String text = text(doc, 1, 1);
            assertThat(text).contains("Date Recipient Purpose",
                    "2026-01-05 Evergreen Health Plan Claims", "2026-02-11 Summit Analytics Rate negotiation");
        }
    }

    @Test
    void longTablesContinueOnNewPagesWithTheirHeaderRepeatedAndNumberedPages() throws IOException {
        PdfReportContent content = SampleReports.alice(600, 2);
        try (PDDocument doc = Loader.loadPDF(write(content))) {
            int pages = doc.getNumberOfPages();
            assertThat(pages).isGreaterThan(10);
            for (int p = 1; p <= pages; p++) {
                String page = text(doc, p, p);
                assertThat(page).as("page %d", p).contains("Page " + p + " of " + pages);
                if (p > 2 && p < pages) {
                    assertThat(page).as("page %d", p)
                            .contains("Every disclosure about you (continued)",
                                    "Date Recipient Purpose What was shared Legal basis Decision");
                }
            }
            // every row is there exactly once, none lost at a page break
            String all = text(doc, 1, pages);
            List<List<String>> rows = content.tables().get(0).rows();
            long dated = rows.stream().map(r -> r.get(0)).distinct()
                    .filter(date -> !all.contains(date)).count();
            assertThat(dated).isZero();
            assertThat(countDates(all)).isEqualTo(rows.size() + 2); // + the two consent versions' dates
        }
    }

    @Test
    void textOutsideWinAnsiIsEmbeddedAndReadableAndWhatNoFontHasBecomesAQuestionMark() throws IOException {
        String names = "Zoë Łukasiewicz – Ψυχοθεραπεία – Психотерапия – Øre ≥ 3 € ✓";
        PdfReportContent content = new PdfReportContent("Rapport für " + names, "Ünal Çelik",
                new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30)), Instant.parse("2026-07-01T00:00:00Z"),
                new CheckpointCited("candor.dev/ledger/local", 3, "AAAA"), List.of(names, "漢字 stays readable as ??."),
                List.of(), List.of());
        try (PDDocument doc = Loader.loadPDF(write(content))) {
            String text = text(doc, 1, 1);
            assertThat(text).contains(names, "Ünal Çelik", "?? stays readable as ??.");
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                    assertThat(font.getName()).contains("DejaVuSans");
                }
            }
        }
    }

    @Test
    void theFirstPageRendersWithTheTimelineChartInTheRecipientsColours() throws IOException {
        byte[] pdf = write(SampleReports.alice(400, 3));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            BufferedImage page = render(doc, 0, "report-page-1.png");
            assertThat(page.getWidth()).isEqualTo(826); // A4 at 100 dpi: 595.3 pt / 72 * 100, rounded down
            assertThat(page.getHeight()).isEqualTo(1169);
            // The busiest recipients' colours: bars (and legend swatches) exist only in the chart
            Region blue = Region.of(page, BLUE);
            Region orange = Region.of(page, ORANGE);
            assertThat(blue.pixels()).isGreaterThan(2000);
            assertThat(orange.pixels()).isGreaterThan(500);
            // the chart sits below the title block and summary, inside the margins, and spans most of the width
            assertThat(blue.top()).isGreaterThan(page.getHeight() / 3);
            assertThat(blue.left()).isGreaterThan(50);
            assertThat(blue.right()).isLessThan(page.getWidth() - 50);
            assertThat(blue.right() - blue.left()).isGreaterThan(page.getWidth() / 2);
            render(doc, 1, "report-page-2.png");
        }
    }

    @Test
    void aPeriodWithoutDisclosuresSaysSoInTheChart() throws IOException {
        try (PDDocument doc = Loader.loadPDF(write(withTables(List.of())))) {
            assertThat(text(doc, 1, 1)).contains("No disclosures in this period.");
            BufferedImage page = render(doc, 0, "report-empty-page-1.png");
            assertThat(Region.of(page, BLUE).pixels()).isZero();
        }
    }

    @Test
    void moreRecipientsThanColoursAreGroupedAsOtherRecipients() throws IOException {
        List<MonthlyCount> timeline = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            timeline.add(new MonthlyCount(YearMonth.of(2026, 1 + r % 6), "Recipient " + r, 10 - r));
        }
        PdfReportContent content = new PdfReportContent("Report", "Tom (provider prov-tom)",
                new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30)), Instant.parse("2026-07-01T00:00:00Z"),
                new CheckpointCited("candor.dev/ledger/local", 3, "AAAA"), List.of(), List.of(), timeline);
        try (PDDocument doc = Loader.loadPDF(write(content))) {
            String text = text(doc, 1, 1);
            assertThat(text).contains("Recipient 0 (10)", "Recipient 5 (5)", "4 other recipients (10)")
                    .doesNotContain("Recipient 6", "Recipient 9")
                    .contains("Jan 2026", "Jun 2026");
        }
    }

    @Test
    void thePeriodShowsTheLastDayIncludedNotTheExclusiveEnd() {
        // what a report asked for with from=2026-11-28&to=2026-11-28 says in JSON: [28 Nov 00:00, 29 Nov 00:00)
        assertThat(PdfReportWriter.period(new Period(Instant.parse("2026-11-28T00:00:00Z"),
                Instant.parse("2026-11-29T00:00:00Z")))).isEqualTo("28 November 2026");
        assertThat(PdfReportWriter.period(new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30))))
                .isEqualTo("1 January 2026 – 30 June 2026");
        assertThat(PdfReportWriter.period(new Period(Instant.parse("2026-11-28T04:08:08Z"),
                Instant.parse("2026-11-29T12:30:00Z"))))
                .isEqualTo("28 November 2026, 04:08:08 UTC – before 29 November 2026, 12:30:00 UTC");
        assertThat(new Period(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")).lastDay())
                .isEqualTo(LocalDate.of(2026, 12, 31));
    }

    @Test
    void contentThatCannotBeLaidOutIsRefusedBeforeAnyPdfIsWritten() {
        assertThatThrownBy(() -> new Table("T", List.of("a", "b"), List.of(List.of("only one"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 has 1 cells for 2 columns");
        assertThatThrownBy(() -> new Period(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> new MonthlyCount(YearMonth.of(2026, 1), " ", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recipient is missing");
    }

    @Test
    void aPatientsDisclosureTableStaysInsideTheMarginsWithCodesWholeAndEverySentenceWhole() throws IOException {
        String sentence = "On 2026-03-15, your session frequency, session durations and practice patterns were shared"
                + " with Evergreen Health Plan (insurer) for rate negotiation without your consent: no consent or legal"
                + " basis covered it, and it is flagged as unauthorized.";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode report = json.createObjectNode();
        report.put("kind", "PATIENT").put("generatedAt", "2026-11-27T15:30:00Z").put("complete", true);
        report.putObject("subject").put("type", "PATIENT").put("id", "pat-alice");
        report.putObject("period").put("from", "2026-01-01T00:00:00Z").put("to", "2026-12-31T00:00:00Z");
        report.putObject("log").put("origin", "candor.dev/ledger/local").put("treeSize", 40_013)
                .put("rootHash", "qL7mW0m2yVqgS4Kx3r+o2rJf0T9Nw8m3cXh2f1Wq9Ck=");
        com.fasterxml.jackson.databind.node.ArrayNode entries = report.putArray("entries");
        for (int i = 0; i < 12; i++) {
            com.fasterxml.jackson.databind.node.ObjectNode e = entries.addObject();
            e.put("occurredAt", "2026-03-15T10:00:00Z").put("purpose", "RATE_NEGOTIATION").put("sentence", sentence);
            e.putObject("recipient").put("id", "ins-evergreen").put("name", "Evergreen Health Plan");
            e.putArray("categories").add("BILLING_CODES").add("SESSION_DATES").add("SESSION_DURATION")
                    .add("SESSION_FREQUENCY").add("PRACTICE_PATTERNS");
            e.putArray("flags").add("UNAUTHORIZED");
            e.putObject("decision").put("outcome", "DENY");
        }
        PdfReportContent content = ReportPdfLayout.of(report);
        try (PDDocument doc = Loader.loadPDF(write(content))) {
            float right = PdfCanvas.MARGIN_X + PdfCanvas.WIDTH;
            List<String> beyond = new ArrayList<>();
            PDFTextStripper edges = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<org.apache.pdfbox.text.TextPosition> positions) {
                    for (org.apache.pdfbox.text.TextPosition t : positions) {
                        if (t.getXDirAdj() + t.getWidthDirAdj() > right + 0.5f) {
                            beyond.add(text);
                            return;
                        }
                    }
                }
            };
            edges.getText(doc);
            assertThat(beyond).as("text past the right margin").isEmpty();

            PDFTextStripper lines = new PDFTextStripper();
            lines.setSortByPosition(true);
            String text = lines.getText(doc);
            // codes come back whole or broken after a '_' ("SESSION_" / "DATES,"), never mid-word ("SESSION_DATE S")
            List<String> codes = List.of("BILLING_CODES,", "SESSION_DATES,", "SESSION_DURATION,", "SESSION_FREQUENCY,",
                    "PRACTICE_PATTERNS", "RATE_NEGOTIATION", "UNAUTHORIZED", "DENY");
            for (String token : text.split("\\s+")) {
                if (token.matches("[A-Z][A-Z_]{3,},?")) { // codes; not "PDF" or "UTC"
                    assertThat(codes).as("the piece %s", token).anyMatch(code -> code.equals(token)
                            || code.startsWith(token) && token.endsWith("_")
                            || code.endsWith(token) && code.charAt(code.length() - token.length() - 1) == '_');
                }
            }
            render(doc, 1, "disclosure-table-page-2.png");
            assertThat(doc.getNumberOfPages()).as("a dozen rows take two pages, not seven").isLessThanOrEqualTo(3);
            // the sentence is never cut short: its last word is there for every row, no ellipsis
            assertThat(text.split("unauthorized\\.", -1)).hasSize(13);
            assertThat(text).doesNotContain("…");
        }
    }

    static PdfReportContent withTables(List<Table> tables) {
        return new PdfReportContent("Report", "Bob (patient pat-bob)",
                new Period(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30)), Instant.parse("2026-07-01T00:00:00Z"),
                new CheckpointCited("candor.dev/ledger/local", 3, "AAAA"), List.of("Nothing was shared."), tables,
                List.of());
    }

    static BufferedImage render(PDDocument doc, int page, String file) throws IOException {
        BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(page, 100, ImageType.RGB);
        ImageIO.write(image, "png", PAGES.resolve(file).toFile());
        return image;
    }

    private static int countDates(String text) {
        return (int) java.util.regex.Pattern.compile("\\b20\\d\\d-\\d\\d-\\d\\d\\b").matcher(text).results().count();
    }

    /** The bounding box and count of pixels close to one colour. */
    record Region(int pixels, int left, int top, int right, int bottom) {
        static Region of(BufferedImage image, int rgb) {
            int count = 0;
            int left = Integer.MAX_VALUE;
            int top = Integer.MAX_VALUE;
            int right = -1;
            int bottom = -1;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if (close(image.getRGB(x, y), rgb)) {
                        count++;
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                    }
                }
            }
            return new Region(count, left, top, right, bottom);
        }

        private static boolean close(int a, int b) {
            return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) < 12
                    && Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff)) < 12
                    && Math.abs((a & 0xff) - (b & 0xff)) < 12;
        }
    }
}
