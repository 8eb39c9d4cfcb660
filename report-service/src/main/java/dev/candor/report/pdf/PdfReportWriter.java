package dev.candor.report.pdf;

import dev.candor.report.pdf.PdfCanvas.Rgb;
import dev.candor.report.pdf.PdfReportContent.Table;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Lays a {@link PdfReportContent} out as readable A4 pages: a title block with the checkpoint the report cites, the
 * summary, the timeline chart, then the tables (which continue over pages and repeat their header row), and page
 * numbers. Text is DejaVu Sans, embedded as a subset. The result is not signed: {@link PdfReportSigner} does that.
 */
public final class PdfReportWriter {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Rgb PANEL = Rgb.hex(0xf0f4f8);
    private static final Rgb HEADER = Rgb.hex(0xdce6f0);
    private static final Rgb ZEBRA = Rgb.hex(0xf7f9fb);

    private static final float BODY = 10;
    private static final float CELL = 8.5f;
    private static final float CELL_LEADING = CELL * 1.3f;
    private static final float PAD = 3.5f;
    /** A cell longer than this ends in an ellipsis; a row must fit on one page (~60 lines). */
    private static final int MAX_CELL_LINES = 24;

    /** Writes the unsigned PDF to {@code out} (which is not closed). */
    public void write(PdfReportContent content, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument(); PdfCanvas canvas = new PdfCanvas(doc)) {
            describe(doc, content);
            canvas.newPage();
            titleBlock(canvas, content);
            summary(canvas, content.summary());
            timeline(canvas, content);
            for (Table table : content.tables()) {
                table(canvas, table);
            }
            canvas.endPage();
            pageNumbers(canvas, content.title());
            doc.save(out);
        }
    }

    private static void describe(PDDocument doc, PdfReportContent content) {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(content.title());
        info.setSubject(content.subject());
        info.setAuthor("Candor");
        info.setCreator("Candor report-service");
        Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ENGLISH);
        created.setTimeInMillis(content.generatedAt().toEpochMilli());
        info.setCreationDate(created);
        doc.getDocumentCatalog().setLanguage("en");
    }

    /**
     * "28 November 2026", "1 January 2026 – 30 June 2026": the first and the last day included, never the period's
     * exclusive end; a bound that is not a midnight is shown with its time, the end as "before" it.
     */
    static String period(PdfReportContent.Period period) {
        boolean wholeFirstDay = midnight(period.from());
        String start = wholeFirstDay ? DAY.format(period.firstDay()) : moment(period.from());
        if (!midnight(period.to())) {
            return start + " – before " + moment(period.to());
        }
        String last = DAY.format(period.lastDay());
        return wholeFirstDay && period.firstDay().equals(period.lastDay()) ? last : start + " – " + last;
    }

    private static boolean midnight(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT);
    }

    private static String moment(Instant instant) {
        return instant.getNano() == 0 ? SECOND.format(instant) : instant.toString();
    }

    private static void titleBlock(PdfCanvas c, PdfReportContent content) throws IOException {
        c.fill(PdfCanvas.ACCENT, PdfCanvas.MARGIN_X, c.y, PdfCanvas.WIDTH, 4);
        c.y -= 14;
        for (String line : c.bold.wrap(c.bold.clean(content.title()), 20, PdfCanvas.WIDTH, 3)) {
            c.text(c.bold, 20, PdfCanvas.INK, PdfCanvas.MARGIN_X, c.y - 20, line);
            c.y -= 26;
        }
        c.y -= 2;
        c.paragraph(c.regular, 11, PdfCanvas.INK, PdfCanvas.MARGIN_X, PdfCanvas.WIDTH, "About: " + content.subject());
        c.paragraph(c.regular, BODY, PdfCanvas.MUTED, PdfCanvas.MARGIN_X, PdfCanvas.WIDTH,
                "Period: " + period(content.period()));
        c.paragraph(c.regular, BODY, PdfCanvas.MUTED, PdfCanvas.MARGIN_X, PdfCanvas.WIDTH,
                "Generated: " + TIME.format(content.generatedAt()));
        c.y -= 8;

        PdfReportContent.CheckpointCited cp = content.checkpoint();
        float x = PdfCanvas.MARGIN_X + 10;
        float w = PdfCanvas.WIDTH - 20;
        String note = "Every entry in this report is proven against this signed checkpoint of the disclosure ledger. "
                + "This PDF is digitally signed; anyone can check it offline with: candor-verifier verify-pdf <file>";
        List<String> noteLines = c.regular.wrap(c.regular.clean(note), 8, w, 4);
        String root = c.mono.clean(cp.rootHash());
        List<String> rootLines = c.mono.wrap(root, 8, w - 62, 3);
        float boxHeight = 10 + 14 + 12 + 12 + rootLines.size() * 11 + 4 + noteLines.size() * 11 + 6;
        c.fill(PANEL, PdfCanvas.MARGIN_X, c.y - boxHeight, PdfCanvas.WIDTH, boxHeight);
        c.fill(PdfCanvas.ACCENT, PdfCanvas.MARGIN_X, c.y - boxHeight, 3, boxHeight);
        float line = c.y - 10 - 10;
        c.text(c.bold, 10, PdfCanvas.ACCENT, x, line, "Ledger checkpoint cited");
        line -= 14;
        labelled(c, x, line, "Log", c.regular.clean(cp.origin()), c.regular);
        line -= 12;
        labelled(c, x, line, "Size", String.format(Locale.ENGLISH, "%,d entries", cp.size()), c.regular);
        line -= 12;
        for (int i = 0; i < rootLines.size(); i++) {
            labelled(c, x, line, i == 0 ? "Root hash" : "", rootLines.get(i), c.mono);
            line -= 11;
        }
        line -= 4;
        for (String n : noteLines) {
            c.text(c.regular, 8, PdfCanvas.MUTED, x, line, n);
            line -= 11;
        }
        c.y -= boxHeight + 16;
    }

    private static void labelled(PdfCanvas c, float x, float baseline, String label, String value, PdfFont font)
            throws IOException {
        c.text(c.bold, 8.5f, PdfCanvas.INK, x, baseline, label);
        c.text(font, 8.5f, PdfCanvas.INK, x + 62, baseline, value);
    }

    private static void heading(PdfCanvas c, String text) throws IOException {
        c.ensure(40);
        c.text(c.bold, 13, PdfCanvas.ACCENT, PdfCanvas.MARGIN_X, c.y - 13, c.bold.clean(text));
        c.y -= 22;
    }

    private static void summary(PdfCanvas c, List<String> sentences) throws IOException {
        if (sentences.isEmpty()) {
            return;
        }
        heading(c, "Summary");
        float indent = 12;
        for (String sentence : sentences) {
            c.ensure(BODY * 1.4f);
            c.text(c.regular, BODY, PdfCanvas.ACCENT, PdfCanvas.MARGIN_X + 2, c.y - BODY, "•");
            c.paragraph(c.regular, BODY, PdfCanvas.INK, PdfCanvas.MARGIN_X + indent, PdfCanvas.WIDTH - indent,
                    sentence);
            c.y -= 3;
        }
        c.y -= 10;
    }

    private static void timeline(PdfCanvas c, PdfReportContent content) throws IOException {
        TimelineChart chart = new TimelineChart(content.timeline(), YearMonth.from(content.period().firstDay()),
                YearMonth.from(content.period().lastDay()));
        c.ensure(22 + chart.height(c));
        heading(c, "Disclosures per month, by recipient");
        chart.draw(c);
        c.y -= 18;
    }

    private static void table(PdfCanvas c, Table table) throws IOException {
        List<String> headers = table.headers().stream().map(c.bold::clean).toList();
        List<String[]> rows = new ArrayList<>(table.rows().size());
        for (List<String> row : table.rows()) {
            String[] cells = new String[row.size()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = c.regular.clean(row.get(i));
            }
            rows.add(cells);
        }
        float[] widths = columnWidths(c, headers, rows);
        List<List<String>> headerLines = new ArrayList<>();
        int headerLineCount = 1;
        for (int i = 0; i < headers.size(); i++) {
            List<String> lines = c.bold.wrap(headers.get(i), CELL, widths[i] - 2 * PAD, 3);
            headerLines.add(lines);
            headerLineCount = Math.max(headerLineCount, lines.size());
        }
        float headerHeight = headerLineCount * CELL_LEADING + 2 * PAD;

        List<List<String>> first = rows.isEmpty() ? List.of() : cellLines(c, rows.get(0), widths);
        c.ensure(22 + headerHeight + rowHeight(first) + 4);
        heading(c, table.title());
        if (rows.isEmpty()) {
            c.paragraph(c.regular, BODY, PdfCanvas.MUTED, PdfCanvas.MARGIN_X, PdfCanvas.WIDTH, "No entries.");
            c.y -= 12;
            return;
        }
        headerRow(c, headerLines, widths, headerHeight);
        for (int r = 0; r < rows.size(); r++) {
            List<List<String>> lines = r == 0 ? first : cellLines(c, rows.get(r), widths);
            float h = rowHeight(lines);
            if (!c.fits(h)) {
                c.newPage();
                c.text(c.bold, 9, PdfCanvas.MUTED, PdfCanvas.MARGIN_X, c.y - 9,
                        c.bold.clean(table.title()) + " (continued)");
                c.y -= 16;
                headerRow(c, headerLines, widths, headerHeight);
            }
            if (r % 2 == 1) {
                c.fill(ZEBRA, PdfCanvas.MARGIN_X, c.y - h, PdfCanvas.WIDTH, h);
            }
            drawCells(c, c.regular, lines, widths);
            c.y -= h;
            c.line(PdfCanvas.RULE, 0.3f, PdfCanvas.MARGIN_X, c.y, PdfCanvas.MARGIN_X + PdfCanvas.WIDTH, c.y);
        }
        c.y -= 18;
    }

    private static void headerRow(PdfCanvas c, List<List<String>> lines, float[] widths, float height)
            throws IOException {
        c.fill(HEADER, PdfCanvas.MARGIN_X, c.y - height, PdfCanvas.WIDTH, height);
        drawCells(c, c.bold, lines, widths);
        c.y -= height;
        c.line(PdfCanvas.MUTED, 0.6f, PdfCanvas.MARGIN_X, c.y, PdfCanvas.MARGIN_X + PdfCanvas.WIDTH, c.y);
    }

    private static void drawCells(PdfCanvas c, PdfFont font, List<List<String>> lines, float[] widths)
            throws IOException {
        float x = PdfCanvas.MARGIN_X;
        c.beginText(font, CELL, PdfCanvas.INK); // one text object per row keeps the page's content small
        for (int i = 0; i < widths.length; i++) {
            float baseline = c.y - PAD - CELL;
            for (String line : lines.get(i)) {
                c.textAt(x + PAD, baseline, line);
                baseline -= CELL_LEADING;
            }
            x += widths[i];
        }
        c.endText();
    }

    private static List<List<String>> cellLines(PdfCanvas c, String[] cells, float[] widths) {
        List<List<String>> lines = new ArrayList<>(cells.length);
        for (int i = 0; i < cells.length; i++) {
            lines.add(c.regular.wrap(cells[i], CELL, widths[i] - 2 * PAD, MAX_CELL_LINES));
        }
        return lines;
    }

    private static float rowHeight(List<List<String>> lines) {
        int count = 1;
        for (List<String> cell : lines) {
            count = Math.max(count, cell.size());
        }
        return count * CELL_LEADING + 2 * PAD;
    }

    /** The share of the page the widest column (the sentence a person reads) gets at least, if it needs it. */
    static final float PROSE_SHARE = 0.36f;

    /**
     * Column widths that always add up to the page width. When every column fits on one line, each gets its natural
     * width (its widest cell), scaled up to the page. When not, every column starts at its longest word (a code like
     * {@code SESSION_FREQUENCY,} stays whole) and the widest column — the plain-language sentence — at
     * {@link #PROSE_SHARE} of the page (or its natural width if less); if that is too much, the columns whose words are
     * codes give way first, down to their longest part between {@code _} ({@code RATE_} / {@code NEGOTIATION}), then
     * the sentence. What is left is shared in proportion to how much each column still wraps. Only if even the parts
     * do not fit side by side are all columns scaled down together.
     */
    static float[] columnWidths(PdfCanvas c, List<String> headers, List<String[]> rows) {
        int n = headers.size();
        float[] natural = new float[n];
        float[] word = new float[n];
        float[] part = new float[n];
        for (int i = 0; i < n; i++) {
            measure(c.bold, headers.get(i), i, natural, word, part);
            // a header that fits in a fair share stays on one line
            word[i] = Math.max(word[i], Math.min(natural[i], PdfCanvas.WIDTH / n));
            part[i] = word[i];
        }
        for (String[] row : rows) {
            for (int i = 0; i < n; i++) {
                measure(c.regular, row[i], i, natural, word, part);
            }
        }
        float[] widths = new float[n];
        float total = sum(natural);
        if (total <= PdfCanvas.WIDTH) {
            for (int i = 0; i < n; i++) {
                widths[i] = natural[i] * PdfCanvas.WIDTH / total;
            }
            return widths;
        }
        int prose = 0;
        for (int i = 1; i < n; i++) {
            prose = natural[i] > natural[prose] ? i : prose;
        }
        System.arraycopy(word, 0, widths, 0, n);
        widths[prose] = Math.max(word[prose], Math.min(natural[prose], PROSE_SHARE * PdfCanvas.WIDTH));
        // too wide: codes break at '_' (largest saving first), then the sentence column gives way to its longest word
        float over = sum(widths) - PdfCanvas.WIDTH;
        while (over > 0) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (i != prose && widths[i] > part[i] && (best < 0 || widths[i] - part[i] > widths[best] - part[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                float give = Math.min(over, widths[prose] - Math.max(word[prose], part[prose]));
                widths[prose] -= Math.max(0, give);
                break;
            }
            float give = Math.min(over, widths[best] - part[best]);
            widths[best] -= give;
            over -= give;
        }
        float used = sum(widths);
        if (used > PdfCanvas.WIDTH) { // even the parts of the longest words do not fit side by side
            for (int i = 0; i < n; i++) {
                widths[i] *= PdfCanvas.WIDTH / used;
            }
            return widths;
        }
        // what is left goes to the columns that still wrap, in proportion to how much more they would take
        float extra = PdfCanvas.WIDTH - used;
        while (extra > 0.01f) {
            float need = 0;
            for (int i = 0; i < n; i++) {
                need += Math.max(0, natural[i] - widths[i]);
            }
            if (need <= 0) {
                break;
            }
            float given = 0;
            for (int i = 0; i < n; i++) {
                float add = Math.min(Math.max(0, natural[i] - widths[i]), extra * Math.max(0, natural[i] - widths[i]) / need);
                widths[i] += add;
                given += add;
            }
            extra -= given;
            if (given < 0.01f) {
                break;
            }
        }
        if (extra > 0.01f) { // nothing wraps any more: the rest goes to the sentence
            widths[prose] += extra;
        }
        return widths;
    }

    /**
     * A cell's width on one line, its longest word, and its longest part of a word between '_' (each with the padding
     * and half a point to spare, so that rounding never wraps a word measured to fit).
     */
    private static void measure(PdfFont font, String cell, int i, float[] natural, float[] word, float[] part) {
        float pad = 2 * PAD + 0.5f;
        natural[i] = Math.max(natural[i], font.width(cell, CELL) + pad);
        for (String w : cell.split(" ")) {
            word[i] = Math.max(word[i], font.width(w, CELL) + pad);
            int from = 0;
            for (int k = w.indexOf('_'); from < w.length(); k = w.indexOf('_', from)) {
                int to = k < 0 ? w.length() : k + 1;
                part[i] = Math.max(part[i], font.width(w.substring(from, to), CELL) + pad);
                from = to;
            }
        }
    }

    private static float sum(float[] values) {
        float total = 0;
        for (float v : values) {
            total += v;
        }
        return total;
    }

    private static void pageNumbers(PdfCanvas c, String title) throws IOException {
        int total = c.doc.getNumberOfPages();
        String left = c.regular.wrap(c.regular.clean("Candor · " + title), 7.5f, PdfCanvas.WIDTH * 0.6f, 1).get(0);
        int number = 0;
        for (PDPage page : c.doc.getPages()) {
            number++;
            try (PDPageContentStream footer = new PDPageContentStream(c.doc, page,
                    PDPageContentStream.AppendMode.APPEND, true, true)) {
                float baseline = PdfCanvas.BOTTOM - 28;
                footer.setStrokingColor(PdfCanvas.RULE.r(), PdfCanvas.RULE.g(), PdfCanvas.RULE.b());
                footer.setLineWidth(0.5f);
                footer.moveTo(PdfCanvas.MARGIN_X, baseline + 10);
                footer.lineTo(PdfCanvas.MARGIN_X + PdfCanvas.WIDTH, baseline + 10);
                footer.stroke();
                String right = "Page " + number + " of " + total;
                footer.beginText();
                footer.setFont(c.regular.font, 7.5f);
                footer.setNonStrokingColor(PdfCanvas.MUTED.r(), PdfCanvas.MUTED.g(), PdfCanvas.MUTED.b());
                footer.newLineAtOffset(PdfCanvas.MARGIN_X, baseline);
                footer.showText(left);
                footer.newLineAtOffset(PdfCanvas.WIDTH - c.regular.width(right, 7.5f), 0);
                footer.showText(right);
                footer.endText();
            }
        }
    }
}
