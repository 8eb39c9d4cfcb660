package dev.candor.ledger.domain;

import dev.candor.common.security.Caller;

import java.util.Set;

/**
 * Which entries a caller may see, decided from the token: regulators (and admins) all; a disclosing system what its
 * organisation recorded; patients and delegates entries about the patients they act for (for delegates, as their
 * delegation records in consent-service confirm), including cohorts those patients are in; therapists entries about their own practice and about patients they treated.
 * Everything else is invisible — and indistinguishable from absent.
 */
public record Visibility(boolean everything, String discloserOrg, Set<String> patients, String provider) {

    /** @param patients whose entries the caller may read as the patient side ({@code DelegationRecords}) */
    public static Visibility of(Caller caller, Set<String> patients) {
        if (caller.hasAnyRole(Caller.REGULATOR, Caller.ADMIN)) {
            return new Visibility(true, null, Set.of(), null);
        }
        String org = caller.hasRole(Caller.DISCLOSER) ? caller.orgId() : null;
        String provider = caller.hasRole(Caller.THERAPIST) ? caller.providerId() : null;
        return new Visibility(false, org, patients, provider);
    }

    public boolean nothing() {
        return !everything && discloserOrg == null && patients.isEmpty() && provider == null;
    }

    /** Whether a query naming this subject id could return anything at all for this caller. */
    public boolean mayName(String subjectId) {
        return everything || discloserOrg != null || patients.contains(subjectId) || subjectId.equals(provider);
    }
}
