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
 * Refuses the NUL character ({@code \u0000}) and ill-formed UTF-16 (a lone surrogate, e.g. an unpaired
 * {@code \ud800}) in every string of every request body, as a 400 naming the field. PostgreSQL can store NUL in
 * neither {@code text} nor {@code jsonb}; accepted, it would fail the group commit it landed in — every other caller's
 * rows with it. A lone surrogate is no character at all: stored, it came back as {@code ?} (not what was acknowledged),
 * and the ledger cannot put it into canonical JSON (RFC 8785 works on well-formed text) — it was a 500 there.
 */
@Singleton
public class NoNulStrings implements ObjectMapperCustomizer {

    /** The message the problem mapper gives for a string with NUL. */
    public static final String MESSAGE = "must not contain the NUL character (\\u0000)";
    /** The message the problem mapper gives for a string with a lone surrogate. */
    public static final String ILL_FORMED_MESSAGE = "must be well-formed Unicode text (it holds a lone UTF-16 surrogate)";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("candor-no-nul-strings").addDeserializer(String.class,
                new Deserializer()));
    }

    /** The message for a string this class refuses, or null when it is fine. */
    public static String refusal(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return MESSAGE;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: one supplementary character
            } else if (Character.isSurrogate(c)) {
                return ILL_FORMED_MESSAGE;
            }
        }
        return null;
    }

    static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            String refusal = refusal(value);
            if (refusal != null) {
                // The value in the problem: what it held, with the offending characters made visible and printable.
                throw InvalidFormatException.from(p, refusal, printable(value), String.class);
            }
            return value;
        }

        private static String printable(String value) {
            StringBuilder out = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (pair) {
                    out.append(c).append(value.charAt(++i));
                } else {
                    out.append(c == '\0' || Character.isSurrogate(c) ? '\uFFFD' : c);
                }
            }
            return out.toString();
        }
    }
}
