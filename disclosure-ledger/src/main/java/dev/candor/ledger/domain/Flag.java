package dev.candor.ledger.domain;

/** What a reader of the ledger must notice about an entry. */
public enum Flag {
    /** Nothing covered the disclosure for at least one subject: recorded anyway, never refused. */
    UNAUTHORIZED,
    /** consent-service could not be asked when the entry was recorded; settled later. */
    UNDECIDED,
    /** Emergency treatment (ETREAT): permitted only with a reason, flagged for review. */
    BREAK_GLASS
}
