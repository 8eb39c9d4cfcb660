package dev.candor.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoNulStringsTest {

    record Body(String reason, List<String> ids) {
    }

    private final ObjectMapper mapper = mapper();

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        new NoNulStrings().customize(mapper);
        return mapper;
    }

    @Test
    void aNulInAFieldOrAListIsRefusedNamingWhere() {
        assertThatThrownBy(() -> mapper.readValue("{\"reason\": \"a\\u0000b\", \"ids\": []}", Body.class))
                .isInstanceOf(InvalidFormatException.class)
                .satisfies(e -> assertThat(((InvalidFormatException) e).getPath().get(0).getFieldName())
                        .isEqualTo("reason"));
        assertThatThrownBy(() -> mapper.readValue("{\"reason\": \"a\", \"ids\": [\"x\", \"\\u0000\"]}", Body.class))
                .isInstanceOf(InvalidFormatException.class)
                .satisfies(e -> assertThat(((InvalidFormatException) e).getPath())
                        .extracting(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                        .containsExactly("ids", "1"));
    }

    @Test
    void aLoneSurrogateIsRefusedAPairIsOneCharacter() throws Exception {
        for (String lone : new String[]{"\\ud800", "a\\udc00b", "end\\ud83d", "\\ude00\\ud83d"}) {
            assertThatThrownBy(() -> mapper.readValue("{\"reason\": \"" + lone + "\", \"ids\": []}", Body.class))
                    .as(lone).isInstanceOf(InvalidFormatException.class)
                    .hasMessageStartingWith(NoNulStrings.ILL_FORMED_MESSAGE);
        }
        assertThat(mapper.readValue("{\"reason\": \"\\ud83d\\ude00\", \"ids\": []}", Body.class).reason())
                .isEqualTo("\ud83d\ude00");
    }

    @Test
    void everyOtherStringPassesUnchanged() throws Exception {
        Body body = mapper.readValue("{\"reason\": \"tab\\there \\\\ \\u00e9 \\ud83d\\ude00\", \"ids\": [\"a\", null]}",
                Body.class);
        assertThat(body.reason()).isEqualTo("tab\there \\ é 😀");
        assertThat(body.ids()).containsExactly("a", null);
    }
}
