package dev.candor.verifier.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
        return canonicalString(node).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of the tree. */
    public static String canonicalString(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(number(node));
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("no canonical JSON form for a " + node.getNodeType() + " node");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            members.add(it.next());
        }
        // String.compareTo compares UTF-16 code units, which is exactly the JCS order.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(members.get(i).getKey(), out);
            out.append(':');
            write(members.get(i).getValue(), out);
        }
        out.append('}');
    }

    /** ECMAScript JSON.stringify string escaping, which JCS adopts. */
    static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("string has a lone surrogate U+" + String.format("%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String number(JsonNode node) {
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
