package dev.candor.consent.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * A version's provisions and authorization elements are stored as JSON documents: a version is read and written
 * whole, never queried by its parts.
 * <p>
 * What is stored is read back with a plain mapper, not the application's: that one holds request bodies to rules
 * (no NUL in a string, instants within {@code InstantRange}, …) that are for refusing input. A stored version
 * is history in an append-only table; were such a rule to refuse it, every read of the patient's directives would
 * fail — and the patient could not even revoke it.
 */
@ApplicationScoped
public class DirectiveCodec {

    private static final TypeReference<List<Provision>> PROVISIONS = new TypeReference<>() {
    };

    /** Stored documents: ISO-8601 instants (as the application mapper writes them), unknown fields ignored. */
    private static final ObjectMapper STORED = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final ObjectReader PROVISIONS_READER = STORED.readerFor(PROVISIONS);
    private static final ObjectReader AUTHORIZATION_READER = STORED.readerFor(AuthorizationElements.class);

    @Inject
    ObjectMapper json;

    public String writeProvisions(List<Provision> provisions) {
        return write(provisions);
    }

    public List<Provision> readProvisions(String stored) {
        try {
            return PROVISIONS_READER.readValue(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored provisions are unreadable", e);
        }
    }

    public String writeAuthorization(AuthorizationElements authorization) {
        return authorization == null ? null : write(authorization);
    }

    public AuthorizationElements readAuthorization(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return AUTHORIZATION_READER.readValue(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored authorization elements are unreadable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("directive parts always serialise", e);
        }
    }
}
