package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.SubjectType;

/** A data subject: a patient or a provider, by stable id. */
public record SubjectKey(SubjectType type, String id) implements Comparable<SubjectKey> {

    public static SubjectKey patient(String id) {
        return new SubjectKey(SubjectType.PATIENT, id);
    }

    public static SubjectKey provider(String id) {
        return new SubjectKey(SubjectType.PROVIDER, id);
    }

    @Override
    public int compareTo(SubjectKey other) {
        int byType = type.compareTo(other.type);
        return byType != 0 ? byType : id.compareTo(other.id);
    }
}
