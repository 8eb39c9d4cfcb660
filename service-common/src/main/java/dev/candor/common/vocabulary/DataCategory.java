package dev.candor.common.vocabulary;

import java.util.EnumSet;
import java.util.Set;

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
    PRACTICE_PATTERNS;

    /**
     * What else a set of categories reveals, at category level: dates of service over time reveal session
     * frequency; billing codes (psychotherapy CPT codes 90832/90834/90837 encode the session length) reveal
     * session duration. Decisions and reports show these as implied categories.
     */
    public static Set<DataCategory> implied(Set<DataCategory> disclosed) {
        Set<DataCategory> implied = EnumSet.noneOf(DataCategory.class);
        if (disclosed.contains(SESSION_DATES)) {
            implied.add(SESSION_FREQUENCY);
        }
        if (disclosed.contains(BILLING_CODES)) {
            implied.add(SESSION_DURATION);
        }
        implied.removeAll(disclosed);
        return implied;
    }
}
