package dev.candor.consent.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** Provisions are stored as one JSON document per version: a version is read and written whole. */
@ApplicationScoped
public class ProvisionCodec {

    private static final TypeReference<List<Provision>> LIST = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    public String write(List<Provision> provisions) {
        try {
            return json.writeValueAsString(provisions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("provisions always serialise", e);
        }
    }

    public List<Provision> read(String stored) {
        try {
            return json.readValue(stored, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored provisions are unreadable", e);
        }
    }
}
