package dev.candor.verifier.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the JSON a verifier is handed — reports, key sets, JWS headers, leaf data — as I-JSON (RFC 7493), which RFC
 * 8785 requires of its input: UTF-8, no object with the same member name twice, and nothing after the one JSON value.
 * <p>
 * Jackson alone keeps the last of two equal names and stops reading after the first value, while other readers
 * (SQLite, many JavaScript and Python tools with a first-wins hook, JSON-lines tools) see the first member or the
 * second document. A document that two readers read differently must not verify: what the signature vouches for
 * would not be what a person reads.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());
    private static final String DUPLICATE = "Duplicate field '";

    private StrictJson() {
    }

    /** The document is not I-JSON; the message says why and, where it can, where (line and column). */
    public static final class NotStrictJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotStrictJson(String message) {
            super(message);
        }
    }

    /**
     * Parses one JSON value from UTF-8 bytes.
     *
     * @throws NotStrictJson if the bytes are not UTF-8, not JSON, hold an object with a duplicate member name, or
     *                       anything but white space after the value
     */
    public static JsonNode parse(byte[] json) throws NotStrictJson {
        var utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        // A UTF-8 byte order mark is skipped (RFC 8259 8.1 lets a parser ignore it; an editor may have added one, and
        // no reader takes it for content). Then through a Reader with a strict decoder: Jackson's byte source would
        // also accept UTF-16 and UTF-32.
        int start = json.length >= 3 && (json[0] & 0xff) == 0xEF && (json[1] & 0xff) == 0xBB
                && (json[2] & 0xff) == 0xBF ? 3 : 0;
        try (JsonParser parser = MAPPER.createParser(new InputStreamReader(
                new ByteArrayInputStream(json, start, json.length - start), utf8))) {
            if (parser.nextToken() == null) {
                throw new NotStrictJson("empty: no JSON value");
            }
            JsonNode value = MAPPER.readTree(parser);
            JsonToken after;
            try {
                after = parser.nextToken();
            } catch (StreamReadException e) {
                throw new NotStrictJson("content after the JSON value" + at(e.getLocation()));
            }
            if (after != null) {
                throw new NotStrictJson("content after the JSON value" + at(parser.currentTokenLocation()));
            }
            return value;
        } catch (StreamReadException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith(DUPLICATE) && message.endsWith("'")) {
                throw new NotStrictJson("duplicate key \"" + message.substring(DUPLICATE.length(), message.length() - 1)
                        + "\"" + at(e.getLocation()));
            }
            throw new NotStrictJson("not JSON: " + message + at(e.getLocation()));
        } catch (CharacterCodingException e) {
            throw new NotStrictJson("not UTF-8 text");
        } catch (IOException e) {
            throw new NotStrictJson("not JSON: " + e.getMessage());
        }
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
