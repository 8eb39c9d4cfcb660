package dev.candor.common.vocabulary;

/** Whose data it is: a patient, or a provider (the practice is a data subject too). */
public enum SubjectType {
    PATIENT, PROVIDER
}
