package dev.candor.consent.domain;

import dev.candor.common.security.Caller;
import dev.candor.consent.persistence.DelegationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/**
 * Who acts for a patient, and within which scope: the patient themselves; a delegate only when the token names the
 * patient in {@code delegate_for} (what the gateway, the ledger and report-service check) <em>and</em> a delegation
 * recorded here is in force now and covers the scope. The record is the source of truth for scope and period; the
 * claim without a record, or a record without the claim, is not enough.
 */
@ApplicationScoped
public class PatientAccess {

    @Inject
    DelegationStore delegations;

    public boolean actsFor(Caller caller, String patientId, DelegationScope scope) {
        if (patientId == null) {
            return false;
        }
        if (caller.hasRole(Caller.PATIENT) && patientId.equals(caller.patientId())) {
            return true;
        }
        return delegation(caller, patientId, scope).isPresent();
    }

    /** The delegation in force now under which this delegate acts for the patient within the scope, if any. */
    public Optional<Delegation> delegation(Caller caller, String patientId, DelegationScope scope) {
        if (!caller.hasRole(Caller.DELEGATE) || caller.subject() == null
                || !caller.delegateFor().contains(patientId)) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        return delegations.latestOf(patientId, caller.subject(), now).stream()
                .filter(d -> d.inForceAt(now) && d.covers(scope))
                .findFirst();
    }
}
