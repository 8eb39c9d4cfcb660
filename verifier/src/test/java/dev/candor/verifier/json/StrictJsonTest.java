package dev.candor.verifier.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** I-JSON only: what two readers could read differently is refused, saying why. */
class StrictJsonTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPlainDocumentIsRead() throws Exception {
        assertThat(StrictJson.parse(utf8(" {\"a\": [1, 2.5, \"é\"], \"b\": {\"a\": null}}\n")).toString())
                .isEqualTo("{\"a\":[1,2.5,\"é\"],\"b\":{\"a\":null}}");
    }

    @Test
    void aDuplicateKeyAnywhereIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> StrictJson.parse(utf8("{\"summary\": 1, \"x\": 2, \"summary\": 3}")))
                .isInstanceOf(StrictJson.NotStrictJson.class)
                .hasMessageStartingWith("duplicate key \"summary\" (line 1, column ");
        assertThatThrownBy(() -> StrictJson.parse(utf8("{\"entries\": [{\"a\": {\"leafIndex\": 0, \"leafIndex\": 1}}]}")))
                .hasMessageStartingWith("duplicate key \"leafIndex\"");
    }

    @Test
    void anythingAfterTheValueIsRefused() {
        for (String trailing : new String[]{"{} garbage", "{}{\"x\":1}", "{}\n{\"x\":1}\n", "[1] 2", "{},", "{}]"}) {
            assertThatThrownBy(() -> StrictJson.parse(utf8(trailing))).as(trailing)
                    .hasMessageStartingWith("content after the JSON value");
        }
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedAsRfc8259Allows() throws Exception {
        byte[] json = utf8("{\"a\":1}");
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertThat(StrictJson.parse(withBom).toString()).isEqualTo("{\"a\":1}");
        // only at the start
        assertThatThrownBy(() -> StrictJson.parse(utf8("{\"a\":1}\uFEFF"))).hasMessageStartingWith("content after");
    }

    @Test
    void emptyBrokenAndNonUtf8DocumentsAreRefused() {
        assertThatThrownBy(() -> StrictJson.parse(new byte[0])).hasMessage("empty: no JSON value");
        assertThatThrownBy(() -> StrictJson.parse(utf8("  \n"))).hasMessage("empty: no JSON value");
        assertThatThrownBy(() -> StrictJson.parse(utf8("{\"a\": "))).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> StrictJson.parse(new byte[]{'"', (byte) 0xff, '"'})).hasMessage("not UTF-8 text");
        // Jackson's byte reader would detect UTF-16 and read it; I-JSON is UTF-8 only
        assertThatThrownBy(() -> StrictJson.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)))
                .hasMessageStartingWith("not JSON: ");
    }
}
