package dev.candor.ledger.domain;

/** How an entry concerns a subject. */
public enum SubjectRole {
    /** Named directly as a subject of the disclosure. */
    SUBJECT,
    /** A patient in the entry's aggregate cohort. */
    MEMBER,
    /** The treating provider of a patient subject: their patients' data was disclosed. */
    TREATING
}
