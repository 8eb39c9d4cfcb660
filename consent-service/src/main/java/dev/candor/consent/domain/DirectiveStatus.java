package dev.candor.consent.domain;

/** A version is ACTIVE, or REVOKED (the revocation is itself a version; earlier versions stay as they were). */
public enum DirectiveStatus {ACTIVE, REVOKED}
