package dev.candor.verifier.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Canonical JSON in the style of RFC 8785 (JSON Canonicalization Scheme) for Jackson trees: object members sorted
 * by the UTF-16 code units of their names, no white space, ECMAScript string escaping, UTF-8 output.
 * <p>
 * Numbers follow JCS: they are IEEE-754 doubles written the way ECMAScript's {@code Number.prototype.toString}
 * writes them (shortest round-tripping digits; {@code 1e+21}, {@code 0.000001}, {@code 1e-7} thresholds), which is
 * implemented here in full. Two deliberate refusals, both {@link IllegalArgumentException}:
 * <ul>
 * <li>integer nodes (int, long, BigInteger) beyond ±2^53: a double cannot hold them, and silently committing to a
 *     different number than the one stored would be worse than failing;</li>
 * <li>NaN and infinities (not JSON), binary and POJO nodes (no JSON meaning), lone surrogates in strings.</li>
 * </ul>
 * Integers within ±2^53 come out as plain decimals, which is what JCS produces for them.
 */
public final class CanonicalJson {

    private static final long MAX_SAFE_INTEGER = (1L << 53);

    private CanonicalJson() {
    }

    /** The canonical UTF-8 bytes of the tree. */
    public static byte[] canonicalBytes(JsonNode node) {
        // Collected in the writer's own growing buffer: one small array and one copy per document (the ledger
        // canonicalises every entry; an 8 KB buffer plus a stream's copies each time was a quarter of its garbage).
        Utf8 utf8 = new Utf8(null, 512);
        try {
            utf8.value(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // nothing is written to a stream here
        }
        return Arrays.copyOf(utf8.buf, utf8.pos);
    }

    /** The canonical text of the tree. */
    public static String canonicalString(JsonNode node) {
        return new String(canonicalBytes(node), StandardCharsets.UTF_8);
    }

    /**
     * Writes the canonical UTF-8 bytes of the tree to {@code out} as they are made (buffered here; {@code out} is
     * neither flushed nor closed): what a large document written node by node needs, with no copy of each node's
     * text in memory.
     */
    public static void write(JsonNode node, OutputStream out) throws IOException {
        Utf8 utf8 = new Utf8(out, 8192);
        utf8.value(node);
        utf8.flush();
    }

    /** The writer: a small byte buffer in front of the output stream, or, without a stream, a growing one. */
    private static final class Utf8 {
        private final OutputStream out;
        private byte[] buf;
        private int pos;

        Utf8(OutputStream out, int size) {
            this.out = out;
            this.buf = new byte[size];
        }

        void value(JsonNode node) throws IOException {
            switch (node.getNodeType()) {
                case OBJECT -> object(node);
                case ARRAY -> {
                    raw('[');
                    for (int i = 0; i < node.size(); i++) {
                        if (i > 0) {
                            raw(',');
                        }
                        value(node.get(i));
                    }
                    raw(']');
                }
                case STRING -> string(node.textValue());
                case NUMBER -> ascii(number(node));
                case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
                case NULL -> ascii("null");
                default -> throw new IllegalArgumentException("no canonical JSON form for a " + node.getNodeType()
                        + " node");
            }
        }

        private void object(JsonNode node) throws IOException {
            int n = node.size();
            String[] names = new String[n];
            JsonNode[] values = new JsonNode[n];
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); i++) {
                Map.Entry<String, JsonNode> member = it.next();
                names[i] = member.getKey();
                values[i] = member.getValue();
            }
            // String.compareTo compares UTF-16 code units, which is exactly the JCS order. Objects are small: an
            // insertion sort of the (name, value) pairs.
            for (int a = 1; a < n; a++) {
                String name = names[a];
                JsonNode value = values[a];
                int b = a - 1;
                while (b >= 0 && names[b].compareTo(name) > 0) {
                    names[b + 1] = names[b];
                    values[b + 1] = values[b];
                    b--;
                }
                names[b + 1] = name;
                values[b + 1] = value;
            }
            raw('{');
            for (int k = 0; k < n; k++) {
                if (k > 0) {
                    raw(',');
                }
                string(names[k]);
                raw(':');
                value(values[k]);
            }
            raw('}');
        }

        /** ECMAScript JSON.stringify string escaping, which JCS adopts, encoded as UTF-8. */
        private void string(String s) throws IOException {
            raw('"');
            int length = s.length();
            int i = 0;
            // the common case, printable ASCII without quotes or backslashes: copied byte for byte
            while (i < length) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    break;
                }
                if (pos == buf.length) {
                    drain();
                }
                buf[pos++] = (byte) c;
                i++;
            }
            for (; i < length; i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> ascii("\\\"");
                    case '\\' -> ascii("\\\\");
                    case '\b' -> ascii("\\b");
                    case '\f' -> ascii("\\f");
                    case '\n' -> ascii("\\n");
                    case '\r' -> ascii("\\r");
                    case '\t' -> ascii("\\t");
                    default -> {
                        if (c < 0x20) {
                            ascii(String.format("\\u%04x", (int) c));
                        } else if (c < 0x80) {
                            raw(c);
                        } else if (c < 0x800) {
                            raw(0xc0 | c >> 6);
                            raw(0x80 | c & 0x3f);
                        } else if (Character.isHighSurrogate(c) && i + 1 < length
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            int cp = Character.toCodePoint(c, s.charAt(++i));
                            raw(0xf0 | cp >> 18);
                            raw(0x80 | cp >> 12 & 0x3f);
                            raw(0x80 | cp >> 6 & 0x3f);
                            raw(0x80 | cp & 0x3f);
                        } else if (Character.isSurrogate(c)) {
                            throw new IllegalArgumentException("string has a lone surrogate U+"
                                    + String.format("%04X", (int) c));
                        } else {
                            raw(0xe0 | c >> 12);
                            raw(0x80 | c >> 6 & 0x3f);
                            raw(0x80 | c & 0x3f);
                        }
                    }
                }
            }
            raw('"');
        }

        private void ascii(String s) throws IOException {
            for (int i = 0; i < s.length(); i++) {
                raw(s.charAt(i));
            }
        }

        private void raw(int b) throws IOException {
            if (pos == buf.length) {
                drain();
            }
            buf[pos++] = (byte) b;
        }

        private void drain() throws IOException {
            if (out == null) {
                buf = Arrays.copyOf(buf, buf.length * 2);
                return;
            }
            out.write(buf, 0, pos);
            pos = 0;
        }

        void flush() throws IOException {
            if (pos > 0) {
                drain();
            }
        }
    }

    private static String number(JsonNode node) {
        if (node.isInt() || node.isLong() || node.isShort()) {
            long value = node.longValue();
            if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
                throw new IllegalArgumentException("integer " + value + " is beyond ±2^53 and has no exact canonical form");
            }
            return Long.toString(value);
        }
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) {
                throw new IllegalArgumentException("integer " + value + " is beyond ±2^53 and has no exact canonical form");
            }
            return value.toString();
        }
        return es6(node.doubleValue());
    }

    /** ECMAScript Number.prototype.toString(10) for a double (ECMA-262 Number::toString). */
    public static String es6(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("NaN and infinities are not JSON");
        }
        if (value == 0) {
            return "0"; // also -0
        }
        if (value < 0) {
            return "-" + es6(-value);
        }
        // Find the fewest significant digits s (k of them) with s × 10^(n-k) == value.
        BigDecimal exact = new BigDecimal(value);
        BigDecimal digits = shortest(exact, value);
        String s = digits.unscaledValue().toString();
        // Strip trailing zeros of the digit string (keep the value: adjust the exponent).
        int k = s.length();
        int n = k - digits.scale(); // value = 0.s × 10^n, i.e. s × 10^(n-k)
        while (k > 1 && s.charAt(k - 1) == '0') {
            k--;
        }
        s = s.substring(0, k);

        StringBuilder out = new StringBuilder();
        if (k <= n && n <= 21) {
            out.append(s).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(s);
        } else {
            int e = n - 1;
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }

    /** The shortest decimal that reads back as {@code value}; of two such, the closer one (ties: even last digit). */
    private static BigDecimal shortest(BigDecimal exact, double value) {
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
            BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
            boolean downOk = down.doubleValue() == value;
            boolean upOk = up.doubleValue() == value;
            if (downOk && upOk) {
                int cmp = exact.subtract(down).compareTo(up.subtract(exact));
                if (cmp != 0) {
                    return cmp < 0 ? down : up;
                }
                return down.unscaledValue().testBit(0) ? up : down;
            }
            if (downOk) {
                return down;
            }
            if (upOk) {
                return up;
            }
        }
        // 17 significant digits always round-trip; not reached.
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
