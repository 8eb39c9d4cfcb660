package dev.candor.common.validation;

/**
 * What may be in an identifier and in a name. A black-box probe stored ANSI escapes and a right-to-left override
 * (U+202E) in recipient ids and names: shown in a report, a terminal or a log, such a value can make one recipient
 * look like another ("Trojan Source" spoofing). Free text (descriptions, purpose statements, reasons, the text a
 * patient signed) keeps every character but NUL: it may need line breaks and bidirectional marks.
 */
public final class TextRules {

    public static final String IDENTIFIER_MESSAGE = "must not contain spaces, control or invisible formatting"
            + " characters (escapes, line breaks, bidirectional controls)";
    public static final String SINGLE_LINE_MESSAGE =
            "must be one line without control characters or bidirectional overrides and isolates";

    private TextRules() {
    }

    /**
     * No spaces of any kind, no control characters, no format characters (bidirectional marks, zero-width characters),
     * no line breaks. Spaces because "pat-alice " and "\u00a0pat-alice" were recorded as people other than pat-alice:
     * a disclosure her consent denies came out permitted, and she never saw it.
     */
    public static boolean isIdentifier(CharSequence value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x20 && c < 0x7f) {
                continue; // the usual case, decided without a table look-up
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
            int codePoint = Character.codePointAt(value, i);
            if (codePoint > 0xFFFF) {
                i++; // a supplementary character: the tag characters U+E0000-U+E007F are format characters too
            }
            switch (Character.getType(codePoint)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    /**
     * A person's or organisation's name: no control characters or line breaks, and none of the bidirectional
     * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that reorder what follows them. The marks
     * U+200E, U+200F and U+061C and the zero-width (non-)joiners stay: names in Arabic, Hebrew, Persian or Indic
     * scripts need them.
     */
    public static boolean isSingleLine(CharSequence value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue;
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return false;
            }
            int codePoint = Character.codePointAt(value, i);
            if (codePoint > 0xFFFF) {
                i++;
            }
            switch (Character.getType(codePoint)) {
                case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                    return false;
                default:
                    break;
            }
        }
        return true;
    }
}
