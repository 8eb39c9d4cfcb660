package dev.candor.verifier.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return new String(CanonicalJson.canonicalBytes(JSON.readTree(json)), StandardCharsets.UTF_8);
    }

    /** RFC 8785 section 3.2.2. */
    @Test
    void rfc8785Example() throws Exception {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }
                """;
        assertThat(canonical(input)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        // Section 3.2.4: the exact UTF-8 bytes.
        String hex = "7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a"
                + "5b3333333333333333332e333333333333332c31652b33302c342e352c302e3030322c31652d3237"
                + "5d2c22737472696e67223a22e282ac245c75303030665c6e4127425c225c5c5c5c5c222f227d";
        assertThat(CanonicalJson.canonicalBytes(JSON.readTree(input))).isEqualTo(java.util.HexFormat.of().parseHex(hex));
    }

    /** RFC 8785 section 3.2.3: member names sorted by UTF-16 code units. */
    @Test
    void rfc8785Sorting() throws Exception {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }
                """;
        assertThat(canonical(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void nestedObjectsAndArraysAreSortedRecursivelyWithoutWhitespace() throws Exception {
        assertThat(canonical("{ \"b\" : [ 3, {\"z\":1, \"a\": {\"y\": [], \"x\": {}}} ], \"a\" : \"\" }"))
                .isEqualTo("{\"a\":\"\",\"b\":[3,{\"a\":{\"x\":{},\"y\":[]},\"z\":1}]}");
        // Array order is data, not sorted.
        assertThat(canonical("[3,1,2]")).isEqualTo("[3,1,2]");
        // Key order of the input does not matter.
        assertThat(canonical("{\"a\":1,\"b\":2}")).isEqualTo(canonical("{\"b\":2,\"a\":1}"));
    }

    @Test
    void stringEscaping() throws Exception {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("s", "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028é😀");
        assertThat(CanonicalJson.canonicalString(node))
                .isEqualTo("{\"s\":\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028é😀\"}");
        assertThat(CanonicalJson.canonicalBytes(node)).isEqualTo(CanonicalJson.canonicalString(node).getBytes(StandardCharsets.UTF_8));
        node.put("s", "lone \ud800 surrogate");
        assertThatThrownBy(() -> CanonicalJson.canonicalBytes(node)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writtenToAStreamTheBytesAreTheSameAcrossTheWritersBufferBoundaries() throws Exception {
        // multi-byte characters, escapes and plain ASCII falling on every offset of the 8 KiB buffer
        String text = "aé\"😀\n€b".repeat(5_000);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("z", text).putArray("a").add(text).add(1).add(true);
        String expected = "{\"a\":[" + quoted(text) + ",1,true],\"z\":" + quoted(text) + "}";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write('[');
        CanonicalJson.write(node, out);
        out.write(']');
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[" + expected + "]");
        assertThat(CanonicalJson.canonicalBytes(node)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void integersArePlainDecimalsWithinTwoToThe53() throws Exception {
        assertThat(canonical("[0, -0, 1, -1, 9007199254740992, -9007199254740992, 1.0, 100, 1e2]"))
                .isEqualTo("[0,0,1,-1,9007199254740992,-9007199254740992,1,100,100]");
        assertThatThrownBy(() -> canonical("9007199254740993")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.canonicalBytes(JsonNodeFactory.instance.numberNode(BigInteger.TEN.pow(30))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.canonicalBytes(JsonNodeFactory.instance.numberNode(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.canonicalBytes(JsonNodeFactory.instance.binaryNode(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 8785 appendix B: IEEE-754 bit patterns and their ECMAScript serialization. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void es6NumberSerialization(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(CanonicalJson.es6(value)).isEqualTo(expected);
    }

    @Test
    void canonicalFormIsIdempotent() throws Exception {
        String once = canonical("{\"b\":[1.5e10, 0.1, \"x\\ty\"], \"a\": {\"d\": null, \"c\": true}}");
        JsonNode reparsed = JSON.readTree(once);
        assertThat(CanonicalJson.canonicalString(reparsed)).isEqualTo(once);
    }
}
