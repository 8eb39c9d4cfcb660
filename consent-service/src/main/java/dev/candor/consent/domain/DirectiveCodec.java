package dev.candor.consent.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * A version's provisions and authorization elements are stored as JSON documents: a version is read and written
 * whole, never queried by its parts.
 */
@ApplicationScoped
public class DirectiveCodec {

    private static final TypeReference<List<Provision>> PROVISIONS = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    public String writeProvisions(List<Provision> provisions) {
        return write(provisions);
    }

    public List<Provision> readProvisions(String stored) {
        try {
            return json.readValue(stored, PROVISIONS);
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
            return json.readValue(stored, AuthorizationElements.class);
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
