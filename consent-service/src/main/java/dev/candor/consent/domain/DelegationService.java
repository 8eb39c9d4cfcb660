package dev.candor.consent.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.consent.persistence.DelegationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Grants, revokes and reads delegations. A patient grants (for themselves) or an admin grants (for anyone); the
 * patient, an admin or the delegate themselves revoke; every change is a new version, nothing is deleted.
 */
@ApplicationScoped
public class DelegationService {

    @Inject
    DelegationStore store;

    /**
     * What a grant says.
     *
     * @param patientId null for a patient granting for themselves
     * @param validFrom now when null
     * @param validUntil open when null
     */
    public record Grant(String patientId, String delegateSubject, String delegateName, DelegationKind kind,
                        Set<DelegationScope> scopes, Instant validFrom, Instant validUntil) {
    }

    @Transactional
    public Delegation grant(Caller caller, Grant grant) {
        String patientId = grantingFor(caller, grant.patientId());
        if (grant.delegateSubject().equals(caller.subject())) {
            throw ProblemException.validation("delegateSubject", "is the caller: nobody delegates to themselves");
        }
        Instant now = now();
        Instant from = grant.validFrom() != null ? grant.validFrom().truncatedTo(ChronoUnit.MICROS) : now;
        Instant until = grant.validUntil() == null ? null : grant.validUntil().truncatedTo(ChronoUnit.MICROS);
        if (until != null && !until.isAfter(from)) {
            throw ProblemException.validation("validUntil", "must be after validFrom (" + from + ")");
        }
        if (until != null && !until.isAfter(now)) {
            throw ProblemException.validation("validUntil", "is already past: the delegation would never be in force");
        }
        store.lock(patientId + " " + grant.delegateSubject());
        store.latestOf(patientId, grant.delegateSubject(), null).stream()
                .filter(d -> d.status() == Delegation.Status.ACTIVE
                        && (d.validUntil() == null || d.validUntil().isAfter(now)))
                .findFirst()
                .ifPresent(d -> {
                    throw ProblemException.conflict("delegation " + d.id() + " already lets this delegate act for "
                            + "patient " + patientId + "; revoke it before granting a new one");
                });
        Delegation delegation = new Delegation(UUID.randomUUID(), patientId, grant.delegateSubject(), 1,
                Delegation.Status.ACTIVE, grant.kind(), Set.copyOf(EnumSet.copyOf(grant.scopes())),
                blankToNull(grant.delegateName()), from, until, null, now, caller.name(), actorRole(caller, patientId,
                grant.delegateSubject()));
        store.insert(delegation);
        return delegation;
    }

    /** A new version with status REVOKED; 409 if it was revoked before. */
    @Transactional
    public Delegation revoke(Caller caller, UUID id, String reason) {
        Delegation latest = store.latestForUpdate(id)
                .filter(d -> mayRead(caller, d))
                .orElseThrow(() -> ProblemException.notFound("delegation " + id));
        if (!mayRevoke(caller, latest)) {
            throw ProblemException.forbidden("only the patient, an admin or the delegate may revoke a delegation");
        }
        if (latest.status() == Delegation.Status.REVOKED) {
            throw ProblemException.conflict("delegation " + id + " was already revoked in version "
                    + latest.version());
        }
        Delegation revoked = new Delegation(id, latest.patientId(), latest.delegateSubject(), latest.version() + 1,
                Delegation.Status.REVOKED, latest.kind(), latest.scopes(), latest.delegateName(), latest.validFrom(),
                latest.validUntil(), blankToNull(reason), now(), caller.name(),
                actorRole(caller, latest.patientId(), latest.delegateSubject()));
        store.insertVersion(revoked);
        return revoked;
    }

    /** The latest version, if the caller may see it; otherwise empty, exactly as if it did not exist. */
    public Optional<Delegation> find(Caller caller, UUID id) {
        return store.latest(id).filter(d -> mayRead(caller, d));
    }

    /** Every version, oldest first; empty when the caller may not see the delegation. */
    public List<Delegation> versions(Caller caller, UUID id) {
        return find(caller, id).map(d -> store.versions(id)).orElse(List.of());
    }

    /**
     * The delegations of a patient, of a delegate, or of both: each one's latest version, or with {@code asOf} only
     * those in force at that moment.
     */
    public List<Delegation> list(Caller caller, String patientId, String delegateSubject, Instant asOf) {
        if (patientId == null && delegateSubject == null) {
            throw ProblemException.validation("patient", "give patient or delegate (or both)");
        }
        boolean allowed = caller.hasAnyRole(Caller.ADMIN, Caller.REGULATOR)
                || (patientId != null && caller.hasRole(Caller.PATIENT) && patientId.equals(caller.patientId()))
                || (delegateSubject != null && delegateSubject.equals(caller.subject()));
        if (!allowed) {
            throw ProblemException.forbidden("the caller may list only their own delegations");
        }
        return store.latestOf(patientId, delegateSubject, asOf).stream()
                .filter(d -> asOf == null || d.inForceAt(asOf))
                .toList();
    }

    private static String grantingFor(Caller caller, String patientId) {
        if (caller.hasRole(Caller.PATIENT) && caller.patientId() != null
                && (patientId == null || patientId.equals(caller.patientId()))) {
            return caller.patientId();
        }
        if (caller.hasRole(Caller.ADMIN)) {
            if (patientId == null) {
                throw ProblemException.validation("patientId", "is required when an admin grants a delegation");
            }
            return patientId;
        }
        throw ProblemException.forbidden("only the patient or an admin may grant a delegation for patient "
                + (patientId != null ? patientId : "(none named)"));
    }

    private static boolean isPatient(Caller caller, Delegation d) {
        return caller.hasRole(Caller.PATIENT) && d.patientId().equals(caller.patientId());
    }

    private static boolean mayRead(Caller caller, Delegation d) {
        return mayRevoke(caller, d) || caller.hasRole(Caller.REGULATOR);
    }

    private static boolean mayRevoke(Caller caller, Delegation d) {
        return isPatient(caller, d) || caller.hasRole(Caller.ADMIN) || d.delegateSubject().equals(caller.subject());
    }

    private static String actorRole(Caller caller, String patientId, String delegateSubject) {
        if (caller.hasRole(Caller.PATIENT) && patientId.equals(caller.patientId())) {
            return Caller.PATIENT;
        }
        return delegateSubject.equals(caller.subject()) ? Caller.DELEGATE : Caller.ADMIN;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
