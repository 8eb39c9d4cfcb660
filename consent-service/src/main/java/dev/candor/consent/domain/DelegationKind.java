package dev.candor.consent.domain;

/** On what authority a delegate acts: a HIPAA personal representative (45 CFR 164.502(g)), a guardian, or other. */
public enum DelegationKind {PERSONAL_REPRESENTATIVE, GUARDIAN, OTHER}
