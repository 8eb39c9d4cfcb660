package dev.candor.consent.domain;

/** The legal kind of a directive; each has its own required elements (issue 4 makes them complete). */
public enum DirectiveKind {
    GENERAL_CONSENT,
    HIPAA_AUTHORIZATION,
    PSYCHOTHERAPY_NOTES_AUTHORIZATION,
    PART2_CONSENT,
    RESTRICTION
}
