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

    /** Whether every part of an entry is the caller's to see: oversight, and the organisation that recorded it. */
    public boolean seesWhole(String entryDiscloserOrg) {
        return everything || (discloserOrg != null && discloserOrg.equals(entryDiscloserOrg));
    }

    /**
     * Whether one part of an entry about several people is the caller's to see: the part of a patient they act for,
     * of their own practice, or of a patient they are the treating provider of (as the entry names it).
     */
    public boolean seesPart(String subject, String treatingProviderId) {
        if (subject.startsWith("PATIENT:") && patients.contains(subject.substring("PATIENT:".length()))) {
            return true;
        }
        return provider != null && (subject.equals("PROVIDER:" + provider) || provider.equals(treatingProviderId));
    }

    /** Whether a query naming this subject id could return anything at all for this caller. */
    public boolean mayName(String subjectId) {
        return everything || discloserOrg != null || patients.contains(subjectId) || subjectId.equals(provider);
    }
}
