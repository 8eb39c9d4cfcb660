package dev.candor.common.vocabulary;

/** On what ground a disclosure was permitted; {@link #NONE} when nothing covered it. */
public enum LegalBasis {
    CONSENT, HIPAA_TPO, REQUIRED_BY_LAW, PATIENT_REQUEST, NONE
}
