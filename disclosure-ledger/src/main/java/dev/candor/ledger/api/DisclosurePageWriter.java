package dev.candor.ledger.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * Writes a {@link DisclosurePage} field by field with Jackson's generator: the same JSON as the records' default
 * serialisation (the test {@code DisclosurePageWriterTest} holds them equal), without its per-field reflection. A
 * report's pages are the ledger's largest answers (1,000 entries with proofs, ~3.5 MB), and bean serialisation was
 * ~40 % of the ledger's CPU per report.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class DisclosurePageWriter implements MessageBodyWriter<DisclosurePage> {

    @Inject
    ObjectMapper json;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == DisclosurePage.class;
    }

    @Override
    public void writeTo(DisclosurePage page, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out)
            throws IOException {
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            write(page, g);
        }
    }

    /** Public for the test that holds it equal to Jackson's serialisation of the records. */
    public static void write(DisclosurePage page, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeFieldName("next");
        if (page.next() == null) {
            g.writeNull();
        } else {
            g.writeNumber(page.next());
        }
        g.writeArrayFieldStart("items");
        for (DisclosureView item : page.items()) {
            write(item, g);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** As {@code @JsonInclude(NON_NULL)} on {@link DisclosureView}: absent fields are left out. */
    private static void write(DisclosureView v, JsonGenerator g) throws IOException {
        g.writeStartObject();
        string(g, "id", v.id());
        g.writeNumberField("leafIndex", v.leafIndex());
        string(g, "recordedAt", v.recordedAt());
        string(g, "discloserOrg", v.discloserOrg());
        string(g, "discloserClient", v.discloserClient());
        names(g, "categories", v.categories());
        names(g, "flags", v.flags());
        if (v.decisions() != null) {
            g.writeArrayFieldStart("decisions");
            for (DecisionView d : v.decisions()) {
                write(d, g);
            }
            g.writeEndArray();
        }
        g.writeBooleanField("erased", v.erased());
        if (v.content() != null) {
            g.writeFieldName("content");
            g.writeRawValue(v.content());
        }
        if (v.parts() != null) {
            g.writeArrayFieldStart("parts");
            for (PartView part : v.parts()) {
                g.writeStartObject();
                if (part.part() != null) {
                    // raw, not writeTree: that goes through the ObjectMapper, which flushes after every value, and
                    // each flush went out as an HTTP chunk of its own — one per entry
                    g.writeFieldName("part");
                    g.writeRawValue(part.part().toString());
                }
                string(g, "salt", part.salt());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        string(g, "leafHash", v.leafHash());
        string(g, "salt", v.salt());
        string(g, "leafData", v.leafData());
        if (v.proof() != null) {
            ProofView p = v.proof();
            g.writeObjectFieldStart("proof");
            nullable(g, "leafIndex", p.leafIndex());
            nullable(g, "fromSize", p.fromSize());
            g.writeNumberField("treeSize", p.treeSize());
            g.writeArrayFieldStart("hashes");
            for (String hash : p.hashes()) {
                g.writeString(hash);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        string(g, "checkpoint", v.checkpoint());
        g.writeEndObject();
    }

    /** {@link DecisionView} has no inclusion rule: null fields are written as null. */
    private static void write(DecisionView d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("subjectType", d.subjectType());
        g.writeStringField("subjectId", d.subjectId());
        g.writeStringField("outcome", d.outcome() == null ? null : d.outcome().name());
        g.writeStringField("basis", d.basis());
        g.writeStringField("consentId", d.consentId() == null ? null : d.consentId().toString());
        nullable(g, "consentVersion", d.consentVersion() == null ? null : d.consentVersion().longValue());
        g.writeStringField("decisionId", d.decisionId() == null ? null : d.decisionId().toString());
        g.writeStringField("reason", d.reason());
        g.writeStringField("decidedAt", d.decidedAt() == null ? null : d.decidedAt().toString());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeStringField(name, s);
        } else if (value instanceof UUID || value instanceof Instant) {
            g.writeStringField(name, value.toString()); // Jackson writes both as toString() (ISO-8601 for Instant)
        } else if (value != null) {
            throw new IllegalArgumentException("not a string field: " + name);
        }
    }

    private static void names(JsonGenerator g, String name, Collection<? extends Enum<?>> values) throws IOException {
        if (values != null) {
            g.writeArrayFieldStart(name);
            for (Enum<?> value : values) {
                g.writeString(value.name());
            }
            g.writeEndArray();
        }
    }

    private static void nullable(JsonGenerator g, String name, Long value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }
}
