package dev.candor.common.vocabulary;

/** What kind of data a disclosure or a consent provision is about (DESIGN.md, Vocabulary). */
public enum DataCategory {
    SESSION_DATES,
    SESSION_FREQUENCY,
    SESSION_DURATION,
    BILLING_CODES,
    DIAGNOSIS,
    TREATMENT_PLAN,
    CLINICAL_NOTES,
    /** Psychotherapy notes (45 CFR 164.501): need their own authorization. */
    PSYCHOTHERAPY_NOTES,
    /** Substance-use-disorder records under 42 CFR Part 2. */
    SUD_RECORDS,
    DEMOGRAPHICS,
    INSURANCE_IDS,
    /** Provider-level aggregates: volume, frequency, utilisation of a practice. */
    PRACTICE_PATTERNS
}
