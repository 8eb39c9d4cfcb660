package dev.candor.report.pdf;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TrueType font embedded (as a subset) into one document, with what the layout needs: text cleaned to what the font
 * can show, widths, and word wrapping.
 * <p>
 * The fonts are DejaVu Sans (regular, bold, mono) from the {@code jasperreports-fonts} artifact on the class path: they
 * cover Latin, Greek and Cyrillic scripts and common symbols. A character the font has no glyph for is shown as
 * {@code ?} rather than failing the report.
 * <p>
 * Glyph substitution (GSUB: ligatures) is off: the report's scripts need none, and PDFBox's GSUB pass costs more than
 * everything else per line of text (measured: it was most of the time of a 10,000-row report).
 */
final class PdfFont implements Closeable {

    /** The font files, read once per JVM; each document parses and subsets its own copy. */
    enum Face {
        REGULAR("DejaVuSans.ttf"), BOLD("DejaVuSans-Bold.ttf"), MONO("DejaVuSansMono.ttf");

        private static final String DIR = "/net/sf/jasperreports/fonts/dejavu/";
        private final String file;
        private volatile byte[] bytes;

        Face(String file) {
            this.file = file;
        }

        byte[] bytes() {
            byte[] b = bytes;
            if (b == null) {
                try (InputStream in = PdfFont.class.getResourceAsStream(DIR + file)) {
                    if (in == null) {
                        throw new IllegalStateException("font " + DIR + file + " is not on the class path"
                                + " (net.sf.jasperreports:jasperreports-fonts)");
                    }
                    b = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read font " + file, e);
                }
                bytes = b;
            }
            return b;
        }
    }

    private static final int REPLACEMENT = '?';

    final PDType0Font font;
    private final TrueTypeFont ttf;
    /** Advances of the Basic Multilingual Plane, NaN until asked; the rest in {@link #otherWidths}. */
    private final float[] bmpWidths = new float[0x10000];
    private final Map<Integer, Float> otherWidths = new HashMap<>();

    private PdfFont(TrueTypeFont ttf, PDType0Font font) {
        this.ttf = ttf;
        this.font = font;
        Arrays.fill(bmpWidths, Float.NaN);
    }

    /** The font, embedded as a subset when the document is saved; close it after saving. */
    static PdfFont load(PDDocument doc, Face face) throws IOException {
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(face.bytes()));
        ttf.setEnableGsub(false);
        return new PdfFont(ttf, PDType0Font.load(doc, ttf, true));
    }

    @Override
    public void close() throws IOException {
        ttf.close();
    }

    /** The text on one line: control characters become spaces, characters without a glyph become '?'. */
    String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int shown = Character.isISOControl(cp) || Character.isWhitespace(cp) ? ' '
                    : advance(cp) < 0 ? REPLACEMENT : cp;
            if (shown != cp && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.appendCodePoint(shown);
            }
            i += Character.charCount(cp);
        }
        return out == null ? text : out.toString();
    }

    /** Width in points of cleaned text at the given size. */
    float width(String cleaned, float size) {
        float units = 0;
        for (int i = 0; i < cleaned.length(); ) {
            int cp = cleaned.codePointAt(i);
            units += Math.max(0, advance(cp));
            i += Character.charCount(cp);
        }
        return units / 1000f * size;
    }

    /**
     * Greedy word wrap of cleaned text into lines no wider than {@code maxWidth}; a word wider than a line is cut,
     * preferably after a {@code _} (see {@link #fitting}).
     * At most {@code maxLines} lines; when text is left over the last line ends with an ellipsis.
     */
    List<String> wrap(String cleaned, float size, float maxWidth, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        float lineWidth = 0;
        float space = width(" ", size);
        for (String word : words(cleaned)) {
            float w = width(word, size);
            if (line.length() > 0 && lineWidth + space + w <= maxWidth) {
                line.append(' ').append(word);
                lineWidth += space + w;
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (w > maxWidth) {
                int cut = fitting(word, size, maxWidth);
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
                w = width(word, size);
            }
            line.append(word);
            lineWidth = w;
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        if (lines.size() > maxLines) {
            List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
            String last = kept.get(maxLines - 1);
            while (!last.isEmpty() && width(last + "…", size) > maxWidth) {
                last = last.substring(0, last.length() - 1);
            }
            kept.set(maxLines - 1, last + "…");
            return kept;
        }
        return lines;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                if (start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }

    /**
     * Where to cut a word wider than a line: after the last {@code _}, {@code ,}, {@code /} or {@code -} that fits
     * (codes such as {@code SESSION_FREQUENCY} break between their parts), else after the longest prefix that fits (at
     * least one character).
     */
    private int fitting(String word, float size, float maxWidth) {
        int end = Character.charCount(word.codePointAt(0));
        int afterSeparator = -1;
        float w = Math.max(0, advance(word.codePointAt(0))) / 1000f * size;
        if ("_,/-".indexOf(word.charAt(0)) >= 0) {
            afterSeparator = end;
        }
        while (end < word.length()) {
            int cp = word.codePointAt(end);
            w += Math.max(0, advance(cp)) / 1000f * size;
            if (w > maxWidth) {
                break;
            }
            end += Character.charCount(cp);
            if (cp == '_' || cp == ',' || cp == '/' || cp == '-') {
                afterSeparator = end;
            }
        }
        return afterSeparator > 0 && afterSeparator < word.length() ? afterSeparator : end;
    }

    /** Glyph advance in font units (1/1000 em), or -1 when the font has no glyph for the code point. */
    private float advance(int codePoint) {
        if (codePoint < bmpWidths.length) {
            float w = bmpWidths[codePoint];
            if (Float.isNaN(w)) {
                w = measure(codePoint);
                bmpWidths[codePoint] = w;
            }
            return w;
        }
        return otherWidths.computeIfAbsent(codePoint, PdfFont.this::measure);
    }

    private float measure(int codePoint) {
        try {
            return font.getStringWidth(new String(Character.toChars(codePoint)));
        } catch (IllegalArgumentException | IOException e) {
            return -1f; // PDFBox: "No glyph for U+... in font"
        }
    }
}
