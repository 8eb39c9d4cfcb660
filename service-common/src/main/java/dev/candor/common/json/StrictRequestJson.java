package dev.candor.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;

/**
 * What a request body must be beyond well-formed JSON of the right shape, for every service: a field named twice is
 * refused (which value would count is a guess — and Jackson cannot bind the second one to a record), so is anything
 * after the JSON value, and an instant outside {@link InstantRange}. Each is a 400; unknown fields stay ignored
 * (server-set fields in a body have no effect: see the authorization suite's mass-assignment test).
 */
@Singleton
public class StrictRequestJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
