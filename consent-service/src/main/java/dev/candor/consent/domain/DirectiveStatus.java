package dev.candor.consent.domain;

public enum DirectiveStatus {ACTIVE, REVOKED}
