package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;

/** The legal kind of a directive; each has its own required elements and limits (see {@link DirectiveRules}). */
public enum DirectiveKind {
    /** The patient's own choices, no statutory form. */
    GENERAL_CONSENT,
    /** 45 CFR 164.508: the core elements of 164.508(c) are required. */
    HIPAA_AUTHORIZATION,
    /** 45 CFR 164.508(a)(2): covers psychotherapy notes only, never combined with another authorization. */
    PSYCHOTHERAPY_NOTES_AUTHORIZATION,
    /** 42 CFR 2.31: written consent for substance-use-disorder records; the 2.31(a) elements are required. */
    PART2_CONSENT,
    /** 45 CFR 164.522(a): a restriction only restricts (every provision DENY), e.g. self-paid items never to a plan. */
    RESTRICTION;

    /** The kind in words, for reasons a person reads. */
    public String describe() {
        return switch (this) {
            case GENERAL_CONSENT -> "general consent";
            case HIPAA_AUTHORIZATION -> "HIPAA authorization";
            case PSYCHOTHERAPY_NOTES_AUTHORIZATION -> "psychotherapy-notes authorization";
            case PART2_CONSENT -> "Part 2 consent";
            case RESTRICTION -> "restriction";
        };
    }

    /** Whether this kind is a signed statutory form whose elements must all be present. */
    public boolean requiresAuthorizationElements() {
        return this == HIPAA_AUTHORIZATION || this == PSYCHOTHERAPY_NOTES_AUTHORIZATION || this == PART2_CONSENT;
    }

    /**
     * Whether a PERMIT of this kind of directive may release this category at all. Psychotherapy notes need their
     * own authorization; whether SUD records need a Part 2 consent depends on the profile
     * ({@link PolicyProfile#consentMayPermit}).
     */
    boolean mayPermit(DataCategory category) {
        if (this == RESTRICTION) {
            return false;
        }
        return category != DataCategory.PSYCHOTHERAPY_NOTES || this == PSYCHOTHERAPY_NOTES_AUTHORIZATION;
    }
}
