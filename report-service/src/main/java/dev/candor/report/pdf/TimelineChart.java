package dev.candor.report.pdf;

import dev.candor.report.pdf.PdfCanvas.Rgb;
import dev.candor.report.pdf.PdfReportContent.MonthlyCount;

import java.io.IOException;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Disclosures per month by recipient as stacked bars, drawn with vector graphics: y axis with a rounded scale and grid
 * lines, month labels, axis titles and a legend with each recipient's total. The recipients with the most disclosures
 * get a colour each (a palette safe for colour-blind readers); the rest are stacked together as "N other recipients".
 */
final class TimelineChart {

    /** Okabe–Ito colours, distinguishable with the common colour-vision deficiencies; grey for the rest. */
    private static final Rgb[] PALETTE = {
            Rgb.hex(0x0072b2), Rgb.hex(0xe69f00), Rgb.hex(0x009e73), Rgb.hex(0xcc79a7),
            Rgb.hex(0x56b4e9), Rgb.hex(0xd55e00), Rgb.hex(0xf0e442)};
    private static final Rgb OTHER = Rgb.hex(0x999999);
    private static final Rgb GRID = Rgb.hex(0xe4e7eb);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy", Locale.ENGLISH);

    static final float PLOT_HEIGHT = 150;
    private static final float LABEL_SIZE = 7;
    private static final float LEGEND_SIZE = 8;
    private static final float LEGEND_ROW = 13;
    private static final float PLOT_LEFT = PdfCanvas.MARGIN_X + 42;
    private static final float PLOT_RIGHT = PdfCanvas.MARGIN_X + PdfCanvas.WIDTH - 4;

    private record Series(String label, Rgb colour, long[] perMonth, long total) {
    }

    private final YearMonth first;
    private final int months;
    private final List<Series> series;
    private final long[] stacked;

    TimelineChart(List<MonthlyCount> counts, YearMonth periodStart, YearMonth periodEnd) {
        YearMonth from = periodStart;
        YearMonth to = periodEnd;
        for (MonthlyCount c : counts) {
            from = c.month().isBefore(from) ? c.month() : from;
            to = c.month().isAfter(to) ? c.month() : to;
        }
        this.first = from;
        this.months = (int) ChronoUnit.MONTHS.between(from, to) + 1;

        Map<String, long[]> byRecipient = new LinkedHashMap<>();
        for (MonthlyCount c : counts) {
            long[] row = byRecipient.computeIfAbsent(c.recipient().strip(), r -> new long[months]);
            row[(int) ChronoUnit.MONTHS.between(first, c.month())] += c.count();
        }
        List<Map.Entry<String, long[]>> ranked = new ArrayList<>(byRecipient.entrySet());
        ranked.removeIf(e -> sum(e.getValue()) == 0);
        ranked.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -sum(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        boolean grouped = ranked.size() > PALETTE.length;
        int named = grouped ? PALETTE.length - 1 : ranked.size();
        this.series = new ArrayList<>();
        for (int i = 0; i < named; i++) {
            long[] row = ranked.get(i).getValue();
            series.add(new Series(ranked.get(i).getKey(), PALETTE[i], row, sum(row)));
        }
        if (grouped) {
            long[] rest = new long[months];
            for (Map.Entry<String, long[]> e : ranked.subList(named, ranked.size())) {
                for (int m = 0; m < months; m++) {
                    rest[m] += e.getValue()[m];
                }
            }
            series.add(new Series((ranked.size() - named) + " other recipients", OTHER, rest, sum(rest)));
        }
        this.stacked = new long[months];
        for (Series s : series) {
            for (int m = 0; m < months; m++) {
                stacked[m] += s.perMonth()[m];
            }
        }
    }

    /** The height the chart needs below the cursor, legend included. */
    float height(PdfCanvas canvas) {
        return 6 + PLOT_HEIGHT + 14 + 14 + 8 + legendRows(canvas).size() * LEGEND_ROW;
    }

    /** Draws the chart from the cursor down; the caller has made sure {@link #height} fits. */
    void draw(PdfCanvas canvas) throws IOException {
        float top = canvas.y - 6;
        float bottom = top - PLOT_HEIGHT;
        float plotWidth = PLOT_RIGHT - PLOT_LEFT;
        long max = 0;
        for (long v : stacked) {
            max = Math.max(max, v);
        }

        long step = niceStep(Math.max(1, max) / 4.0);
        long scaleTop = Math.max(step, ((max + step - 1) / step) * step);
        for (long tick = 0; tick <= scaleTop; tick += step) {
            float ty = bottom + PLOT_HEIGHT * tick / scaleTop;
            canvas.line(tick == 0 ? PdfCanvas.MUTED : GRID, tick == 0 ? 0.8f : 0.5f, PLOT_LEFT, ty, PLOT_RIGHT, ty);
            String label = String.format(Locale.ENGLISH, "%,d", tick);
            canvas.text(canvas.regular, LABEL_SIZE, PdfCanvas.MUTED,
                    PLOT_LEFT - 4 - canvas.regular.width(label, LABEL_SIZE), ty - LABEL_SIZE / 3, label);
        }
        canvas.verticalText(canvas.bold, LABEL_SIZE + 1, PdfCanvas.INK, PdfCanvas.MARGIN_X + 8,
                bottom + PLOT_HEIGHT / 2 - canvas.bold.width("Disclosures", LABEL_SIZE + 1) / 2, "Disclosures");

        float slot = plotWidth / months;
        float barWidth = Math.max(0.8f, slot * 0.72f);
        for (int m = 0; m < months; m++) {
            float x = PLOT_LEFT + m * slot + (slot - barWidth) / 2;
            float base = bottom;
            for (Series s : series) {
                long v = s.perMonth()[m];
                if (v > 0) {
                    float h = PLOT_HEIGHT * v / scaleTop;
                    canvas.fill(s.colour(), x, base, barWidth, h);
                    base += h;
                }
            }
        }
        drawMonthLabels(canvas, bottom, slot);
        String axis = "Month (UTC)";
        canvas.text(canvas.bold, LABEL_SIZE + 1, PdfCanvas.INK,
                PLOT_LEFT + plotWidth / 2 - canvas.bold.width(axis, LABEL_SIZE + 1) / 2, bottom - 26, axis);
        if (max == 0) {
            String none = "No disclosures in this period.";
            canvas.text(canvas.regular, 10, PdfCanvas.MUTED,
                    PLOT_LEFT + plotWidth / 2 - canvas.regular.width(none, 10) / 2, bottom + PLOT_HEIGHT / 2, none);
        }

        float legendTop = bottom - 14 - 14 - 8;
        for (List<LegendItem> row : legendRows(canvas)) {
            for (LegendItem item : row) {
                canvas.fill(item.series().colour(), item.x(), legendTop - 8, 8, 8);
                canvas.text(canvas.regular, LEGEND_SIZE, PdfCanvas.INK, item.x() + 11, legendTop - 7.5f, item.text());
            }
            legendTop -= LEGEND_ROW;
        }
        canvas.y = legendTop;
    }

    /** Labels as many months as fit: every month, or every 2, 3, 4 or 6 months, or each January as a year. */
    private void drawMonthLabels(PdfCanvas canvas, float bottom, float slot) throws IOException {
        float widest = canvas.regular.width("Sep 0000", LABEL_SIZE) + 6;
        int stride = 1;
        for (int candidate : new int[]{1, 2, 3, 4, 6, 12}) {
            stride = candidate;
            if (candidate * slot >= widest) {
                break;
            }
        }
        int yearEvery = stride < 12 ? 1
                : Math.max(1, (int) Math.ceil((canvas.regular.width("0000", LABEL_SIZE) + 6) / (12 * slot)));
        for (int m = 0; m < months; m++) {
            YearMonth month = first.plusMonths(m);
            if ((month.getMonthValue() - 1) % stride != 0 || (month.getYear() - first.getYear()) % yearEvery != 0) {
                continue;
            }
            String label = (stride == 12 ? YEAR : MONTH).format(month);
            float w = canvas.regular.width(label, LABEL_SIZE);
            float centre = PLOT_LEFT + (m + 0.5f) * slot;
            float x = Math.max(PLOT_LEFT - 10, Math.min(PLOT_RIGHT + 10 - w, centre - w / 2));
            canvas.line(PdfCanvas.MUTED, 0.5f, centre, bottom, centre, bottom - 3);
            canvas.text(canvas.regular, LABEL_SIZE, PdfCanvas.MUTED, x, bottom - 11, label);
        }
    }

    private record LegendItem(Series series, String text, float x) {
    }

    private List<List<LegendItem>> legendRows(PdfCanvas canvas) {
        List<List<LegendItem>> rows = new ArrayList<>();
        List<LegendItem> row = new ArrayList<>();
        float x = PdfCanvas.MARGIN_X;
        float right = PdfCanvas.MARGIN_X + PdfCanvas.WIDTH;
        for (Series s : series) {
            String text = canvas.regular.wrap(canvas.regular.clean(s.label()), LEGEND_SIZE, PdfCanvas.WIDTH / 2, 1)
                    .get(0) + String.format(Locale.ENGLISH, " (%,d)", s.total());
            float w = 11 + canvas.regular.width(text, LEGEND_SIZE) + 16;
            if (!row.isEmpty() && x + w > right) {
                rows.add(row);
                row = new ArrayList<>();
                x = PdfCanvas.MARGIN_X;
            }
            row.add(new LegendItem(s, text, x));
            x += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static long niceStep(double rough) {
        long power = 1;
        while (power * 10 <= rough) {
            power *= 10;
        }
        for (long m : new long[]{1, 2, 5, 10}) {
            if (m * power >= rough) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
