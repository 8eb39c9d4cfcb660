package dev.candor.common.persistence;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** COPY's text format: what must be escaped is, what need not be passes unchanged. */
class CopyRowsTest {

    @Test
    void plainValuesPassUnchangedAndNullIsBackslashN() {
        String json = "{\"v\": 1, \"text\": \"caf\u00e9 \u2014 ok\", \"n\": [1, 2]}";
        CopyRows rows = new CopyRows().text(json).text(null).value(42).endRow();
        assertThat(rows).hasToString(json + "\t\\N\t42\n");
        assertThat(rows.count()).isEqualTo(1);
    }

    @Test
    void backslashTabNewlineCarriageReturnAreEscapedAndNulBecomesAReplacementCharacter() {
        CopyRows rows = new CopyRows().text("a\\b\tc\nd\re\0f").endRow();
        assertThat(rows).hasToString("a\\\\b\\tc\\nd\\re\uFFFDf\n");
        // one special character among many plain ones, at either end
        assertThat(new CopyRows().text("\\" + "x".repeat(1000) + "\n").endRow())
                .hasToString("\\\\" + "x".repeat(1000) + "\\n\n");
    }

    @Test
    void arraysQuoteTheirElementsAndBytesAreHex() {
        CopyRows rows = new CopyRows().array(List.of("A", "b \"c\"", "d\\e")).bytes(new byte[] {0, (byte) 0xff})
                .endRow();
        assertThat(rows).hasToString("{\"A\",\"b \\\\\"c\\\\\"\",\"d\\\\\\\\e\"}\t\\\\x00ff\n");
    }

    @Test
    void encodedRowsAreTheTextAsUtf8AndOnlyWholeRowsEncode() {
        CopyRows rows = new CopyRows().text("caf\u00e9").value(1).endRow();
        assertThat(rows.encoded()).isEqualTo("caf\u00e9\t1\n".getBytes(StandardCharsets.UTF_8));
        rows.text("half a row");
        assertThatThrownBy(rows::encoded).isInstanceOf(IllegalStateException.class);
    }
}
