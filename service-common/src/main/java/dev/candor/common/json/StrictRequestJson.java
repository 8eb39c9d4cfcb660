package dev.candor.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;

/**
 * What a request body must be beyond well-formed JSON of the right shape, for every service: a field named twice is
 * refused (which value would count is a guess — and Jackson cannot bind the second one to a record), so is anything
 * after the JSON value, a value of the wrong JSON type (no coercion of "5" to 5, 1.5 to 1, 123 to "123", 3 to an
 * enum constant), and an instant outside {@link InstantRange}. Each is a 400; unknown fields stay ignored
 * (server-set fields in a body have no effect: see the authorization suite's mass-assignment test).
 */
@Singleton
public class StrictRequestJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // A value of the wrong JSON type is refused, not converted: 1.5 is no record count ("1"), "5" no number, 123
        // no identifier, 3 no purpose code. Such a value would be written, converted, into an append-only log.
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        for (LogicalType scalar : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("candor-instant-range").addDeserializer(Instant.class,
                new BoundedInstants()));
    }

    /** Runs after Quarkus' own customizers, so this module's Instant deserializer is the one found first. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    static final class BoundedInstants extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getText();
            // Only an RFC 3339 date-time string: Jackson's own reader also takes epoch seconds as a number or a string
            // of digits, which would be written, converted, into an append-only log.
            if (p.currentToken() != JsonToken.VALUE_STRING || text.indexOf('T') < 0 && text.indexOf('t') < 0) {
                throw MismatchedInputException.from(p, Instant.class,
                        "expected a date-time string such as 2026-11-30T09:00:00Z");
            }
            Instant value = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (value != null && !InstantRange.within(value)) {
                throw InvalidFormatException.from(p, InstantRange.MESSAGE, text, Instant.class);
            }
            return value;
        }

        @Override
        public Class<?> handledType() {
            return Instant.class;
        }
    }
}
