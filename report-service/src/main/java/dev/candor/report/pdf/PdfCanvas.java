package dev.candor.report.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.util.Matrix;

import java.io.IOException;

/**
 * A4 pages written top to bottom: the current page, its content stream and the cursor {@link #y}, with the drawing
 * primitives the report needs. Coordinates are PDF points with the origin at the bottom left.
 */
final class PdfCanvas implements java.io.Closeable {

    static final PDRectangle PAGE = PDRectangle.A4;
    static final float MARGIN_X = 50;
    static final float TOP = PAGE.getHeight() - 50;
    static final float BOTTOM = 60;
    static final float WIDTH = PAGE.getWidth() - 2 * MARGIN_X;

    /** Colours as RGB in 0..1. */
    record Rgb(float r, float g, float b) {
        static Rgb hex(int rgb) {
            return new Rgb(((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f);
        }
    }

    static final Rgb INK = Rgb.hex(0x1f2933);
    static final Rgb MUTED = Rgb.hex(0x52606d);
    static final Rgb RULE = Rgb.hex(0xcbd2d9);
    static final Rgb ACCENT = Rgb.hex(0x1d4e89);

    final PDDocument doc;
    final PdfFont regular;
    final PdfFont bold;
    final PdfFont mono;
    private PDPageContentStream content;
    float y;

    PdfCanvas(PDDocument doc) throws IOException {
        this.doc = doc;
        this.regular = PdfFont.load(doc, PdfFont.Face.REGULAR);
        this.bold = PdfFont.load(doc, PdfFont.Face.BOLD);
        this.mono = PdfFont.load(doc, PdfFont.Face.MONO);
    }

    void newPage() throws IOException {
        endPage();
        PDPage page = new PDPage(PAGE);
        doc.addPage(page);
        content = new PDPageContentStream(doc, page);
        y = TOP;
    }

    /** Starts a new page unless {@code height} points still fit above the bottom margin. */
    void ensure(float height) throws IOException {
        if (content == null || y - height < BOTTOM) {
            newPage();
        }
    }

    boolean fits(float height) {
        return y - height >= BOTTOM;
    }

    /** Ends the current page's content stream. */
    void endPage() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }

    /** Releases the fonts: after the document was saved (they are subset when it is). */
    @Override
    public void close() throws IOException {
        endPage();
        regular.close();
        bold.close();
        mono.close();
    }

    /** One line of already cleaned text with its baseline at {@code baseline}. */
    void text(PdfFont font, float size, Rgb colour, float x, float baseline, String cleaned) throws IOException {
        if (cleaned.isEmpty()) {
            return;
        }
        content.beginText();
        content.setFont(font.font, size);
        content.setNonStrokingColor(colour.r(), colour.g(), colour.b());
        content.newLineAtOffset(x, baseline);
        content.showText(cleaned);
        content.endText();
    }

    private float lineX;
    private float lineY;

    /** Starts a run of text in one font and colour: {@link #textAt} any number of times, then {@link #endText}. */
    void beginText(PdfFont font, float size, Rgb colour) throws IOException {
        content.beginText();
        content.setFont(font.font, size);
        content.setNonStrokingColor(colour.r(), colour.g(), colour.b());
        lineX = 0;
        lineY = 0;
    }

    /** One line of cleaned text in the current run, baseline at (x, baseline). */
    void textAt(float x, float baseline, String cleaned) throws IOException {
        if (cleaned.isEmpty()) {
            return;
        }
        content.newLineAtOffset(x - lineX, baseline - lineY);
        lineX = x;
        lineY = baseline;
        content.showText(cleaned);
    }

    void endText() throws IOException {
        content.endText();
    }

    /** Text turned 90° counter-clockwise, reading bottom to top, starting at (x, y). */
    void verticalText(PdfFont font, float size, Rgb colour, float x, float fromY, String cleaned) throws IOException {
        content.beginText();
        content.setFont(font.font, size);
        content.setNonStrokingColor(colour.r(), colour.g(), colour.b());
        content.setTextMatrix(Matrix.getRotateInstance(Math.PI / 2, x, fromY));
        content.showText(cleaned);
        content.endText();
    }

    /**
     * Wrapped text from the cursor down, {@code leading} points per line, starting new pages as needed; the cursor ends
     * below the last line.
     */
    void paragraph(PdfFont font, float size, Rgb colour, float x, float width, String text) throws IOException {
        float leading = size * 1.4f;
        for (String line : font.wrap(font.clean(text), size, width, Integer.MAX_VALUE)) {
            ensure(leading);
            text(font, size, colour, x, y - size, line);
            y -= leading;
        }
    }

    void fill(Rgb colour, float x, float bottom, float w, float h) throws IOException {
        content.setNonStrokingColor(colour.r(), colour.g(), colour.b());
        content.addRect(x, bottom, w, h);
        content.fill();
    }

    void line(Rgb colour, float width, float x1, float y1, float x2, float y2) throws IOException {
        content.setStrokingColor(colour.r(), colour.g(), colour.b());
        content.setLineWidth(width);
        content.moveTo(x1, y1);
        content.lineTo(x2, y2);
        content.stroke();
    }

    void frame(Rgb colour, float width, float x, float bottom, float w, float h) throws IOException {
        content.setStrokingColor(colour.r(), colour.g(), colour.b());
        content.setLineWidth(width);
        content.addRect(x, bottom, w, h);
        content.stroke();
    }
}
