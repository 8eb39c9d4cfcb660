package dev.candor.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Refuses the NUL character ({@code \u0000}) in every string of every request body, as a 400 naming the field.
 * PostgreSQL can store it in neither {@code text} nor {@code jsonb}; accepted, it would fail the group commit it
 * landed in — every other caller's rows with it.
 */
@Singleton
public class NoNulStrings implements ObjectMapperCustomizer {

    /** The message the problem mapper gives for such a string. */
    public static final String MESSAGE = "must not contain the NUL character (\\u0000)";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("candor-no-nul-strings").addDeserializer(String.class,
                new Deserializer()));
    }

    static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(p, MESSAGE, value.replace('\0', '\uFFFD'), String.class);
            }
            return value;
        }
    }
}
