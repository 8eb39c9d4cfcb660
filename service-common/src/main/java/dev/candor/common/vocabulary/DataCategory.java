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
     * What this category reveals directly, at category level (CPT codes are not modelled): dates of service over
     * time reveal session frequency; billing codes reveal session duration (psychotherapy CPT codes
     * 90832/90834/90837 encode the session length).
     */
    public Set<DataCategory> implies() {
        return switch (this) {
            case SESSION_DATES -> EnumSet.of(SESSION_FREQUENCY);
            case BILLING_CODES -> EnumSet.of(SESSION_DURATION);
            default -> EnumSet.noneOf(DataCategory.class);
        };
    }

    /**
     * Everything the given categories reveal that they do not name themselves (transitively). Decisions and
     * reports show these as implied categories.
     */
    public static Set<DataCategory> implied(Set<DataCategory> disclosed) {
        EnumSet<DataCategory> closure = EnumSet.noneOf(DataCategory.class);
        closure.addAll(disclosed);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (DataCategory category : EnumSet.copyOf(closure)) {
                grew |= closure.addAll(category.implies());
            }
        }
        closure.removeAll(disclosed);
        return closure;
    }
}
