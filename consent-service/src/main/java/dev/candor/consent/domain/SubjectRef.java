package dev.candor.consent.domain;

import dev.candor.common.vocabulary.SubjectType;

/** Whose data it is: a patient or a provider, by stable id. */
public record SubjectRef(SubjectType type, String id) {

    @Override
    public String toString() {
        return type + " " + id;
    }
}
