package dev.candor.common.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictRequestJsonTest {

    record Body(String kind, Instant at) {
    }

    private final ObjectMapper mapper = mapper();

    /** As Quarkus builds it: the JSR-310 module first, then the customizers by priority (this one last). */
    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new NoNulStrings().customize(mapper);
        new StrictRequestJson().customize(mapper);
        return mapper;
    }

    @Test
    void instantsFromYear1ToYear9999AreRead() throws Exception {
        assertThat(mapper.readValue("{\"kind\": \"a\", \"at\": \"0001-01-01T00:00:00Z\"}", Body.class).at())
                .isEqualTo(InstantRange.MIN);
        assertThat(mapper.readValue("{\"kind\": \"a\", \"at\": \"9999-12-31T23:59:59Z\"}", Body.class).at())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
        assertThat(mapper.readValue("{\"kind\": \"a\", \"at\": \"2026-11-29T10:00:00.123+01:00\"}", Body.class).at())
                .isEqualTo(Instant.parse("2026-11-29T09:00:00.123Z"));
        assertThat(mapper.readValue("{\"kind\": \"a\", \"at\": null}", Body.class).at()).isNull();
    }

    @Test
    void epochSecondsAreNoInstantAsANumberOrAsDigits() {
        for (String at : new String[]{"1700000000", "1700000000.5", "\"1700000000\"", "\"-5\"", "true"}) {
            assertThatThrownBy(() -> mapper.readValue("{\"kind\": \"a\", \"at\": " + at + "}", Body.class))
                    .as(at).isInstanceOf(MismatchedInputException.class)
                    .isNotInstanceOf(InvalidFormatException.class)
                    .satisfies(e -> assertThat(((MismatchedInputException) e).getPath().get(0).getFieldName())
                            .isEqualTo("at"));
        }
    }

    @Test
    void instantsOutsideTheRangeAreRefusedNamingTheField() {
        for (String at : new String[]{"0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "0000-12-31T23:59:59Z"}) {
            assertThatThrownBy(() -> mapper.readValue("{\"kind\": \"a\", \"at\": \"" + at + "\"}", Body.class))
                    .as(at).isInstanceOf(InvalidFormatException.class)
                    .satisfies(e -> {
                        InvalidFormatException invalid = (InvalidFormatException) e;
                        assertThat(invalid.getOriginalMessage()).isEqualTo(InstantRange.MESSAGE);
                        assertThat(invalid.getPath().get(0).getFieldName()).isEqualTo("at");
                        assertThat(invalid.getValue()).isEqualTo(at);
                    });
        }
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"kind\": \"a\", \"at\": null, \"kind\": null}", Body.class))
                .isInstanceOf(JsonParseException.class).hasMessageStartingWith("Duplicate field 'kind'");
    }

    @Test
    void anythingAfterTheJsonValueIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"kind\": \"a\"} xyz", Body.class))
                .isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"kind\": \"a\"} {}", Body.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageStartingWith("Trailing token");
    }

    enum Colour { RED, GREEN }

    record Typed(long count, boolean flag, String id, Colour colour) {
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNotConverted() throws Exception {
        assertThat(mapper.readValue("{\"count\": 5, \"flag\": true, \"id\": \"x\", \"colour\": \"GREEN\"}",
                Typed.class)).isEqualTo(new Typed(5, true, "x", Colour.GREEN));
        for (String body : new String[]{"{\"count\": 1.5}", "{\"count\": \"5\"}", "{\"flag\": \"true\"}",
                "{\"id\": 123}", "{\"id\": 1.5}", "{\"id\": false}", "{\"colour\": 1}"}) {
            assertThatThrownBy(() -> mapper.readValue(body, Typed.class)).as(body)
                    .isInstanceOf(MismatchedInputException.class);
        }
    }
}
