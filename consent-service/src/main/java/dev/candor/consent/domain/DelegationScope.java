package dev.candor.consent.domain;

/**
 * What a delegate may do for a patient. {@link #MANAGE_CONSENT} includes reading the consent history (nobody can
 * manage what they cannot see); {@link #READ_DISCLOSURES} is the scope the ledger and report-service read.
 */
public enum DelegationScope {
    /** Record, amend and revoke the patient's directives; name the patient's therapists (care relations). */
    MANAGE_CONSENT,
    /** Read the patient's directives, their versions, the current status, the policy profile; ask for decisions. */
    READ_CONSENT_HISTORY,
    /** Read the disclosures about the patient and the patient's transparency reports. */
    READ_DISCLOSURES;

    /** Whether holding this scope allows what {@code wanted} allows. */
    public boolean covers(DelegationScope wanted) {
        return this == wanted || (this == MANAGE_CONSENT && wanted == READ_CONSENT_HISTORY);
    }
}
