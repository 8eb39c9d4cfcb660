package dev.candor.consent.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.persistence.RelationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who may ask for decisions about a subject and see its current consent status (issue 4 item 6): the internal
 * service account, regulators and admins about anyone; a therapist about their own provider or practice id and the
 * patients they have an active care relation with; a disclosing organisation about the subjects it has an active
 * business relation with; a patient about themselves; a delegate about the patients of a delegation in force that
 * lets them read the consent history. Break-glass is the exception: a therapist may ask for an emergency (ETREAT)
 * decision about any patient — an emergency provider has no care relation yet; such a decision is recorded and
 * flagged for review. At most one query per relation kind, whatever the number of subjects. A relation opens the
 * present, not the past: see {@link #mayAskAboutAnyMoment}.
 */
@ApplicationScoped
public class SubjectAccess {

    private static final String[] UNRESTRICTED = {Caller.SERVICE, Caller.REGULATOR, Caller.ADMIN};

    @Inject
    RelationStore relations;

    @Inject
    PatientAccess patients;

    /** 403 unless the caller may see the current status of every one of these subjects. */
    public void requireMayAskAbout(Caller caller, Collection<SubjectRef> subjects) {
        requireMayAskAbout(caller, subjects, false);
    }

    /** Whether this caller may ask about any subject, so that checking it needs no look-up of relations. */
    public boolean asksAboutAnyone(Caller caller) {
        return caller.hasAnyRole(UNRESTRICTED);
    }

    /**
     * Whether the caller may ask for decisions about any moment, not only the present. A decision about another
     * moment shows the directives in force then — their ids, versions and matched provisions — so a series of them
     * rebuilds the history (and bisecting finds each revocation's instant), which a relation does not open (item 6:
     * current status). Therapists and disclosing organisations ask about the present only, within the clock skew;
     * the service account (the ledger asks as of each disclosure's occurredAt), regulators and admins, and patients
     * and delegates (who may read the history itself) about any moment that has come.
     */
    public boolean mayAskAboutAnyMoment(Caller caller) {
        return caller.hasAnyRole(UNRESTRICTED) || !caller.hasAnyRole(Caller.THERAPIST, Caller.DISCLOSER);
    }

    /**
     * Whether the caller may read a kept decision: regulators and admins any; whoever asked for it, theirs; a patient,
     * or a delegate whose delegation lets them read the consent history, one about no one but patients they act for.
     * Therapists and disclosing organisations see current status, not history (item 6): only what they asked for.
     *
     * @param requesterSubject the token subject of whoever asked
     */
    public boolean mayReadDecision(Caller caller, String requesterSubject, Collection<SubjectRef> subjects) {
        if (caller.hasAnyRole(Caller.REGULATOR, Caller.ADMIN)
                || (caller.subject() != null && caller.subject().equals(requesterSubject))) {
            return true;
        }
        return caller.hasAnyRole(Caller.PATIENT, Caller.DELEGATE) && !subjects.isEmpty()
                && subjects.stream().allMatch(s -> s.type() == SubjectType.PATIENT
                && patients.actsFor(caller, s.id(), DelegationScope.READ_CONSENT_HISTORY));
    }

    /**
     * 403 unless the caller may ask for decisions about every one of these subjects.
     *
     * @param breakGlass whether the decisions asked for are emergency (ETREAT) ones
     */
    public void requireMayAskAbout(Caller caller, Collection<SubjectRef> subjects, boolean breakGlass) {
        if (caller.hasAnyRole(UNRESTRICTED) || subjects.isEmpty()) {
            return;
        }
        Set<SubjectRef> left = new LinkedHashSet<>(subjects);
        if (breakGlass && caller.hasRole(Caller.THERAPIST)) {
            left.removeIf(s -> s.type() == SubjectType.PATIENT);
        }
        Instant now = Instant.now();
        if (caller.hasRole(Caller.THERAPIST) && caller.providerId() != null) {
            left.removeIf(s -> s.type() == SubjectType.PROVIDER
                    && (s.id().equals(caller.providerId()) || s.id().equals(caller.practiceId())));
            if (!left.isEmpty()) {
                left.removeAll(relations.related(Relation.Kind.CARE, caller.providerId(), left, now));
            }
        }
        if (caller.hasRole(Caller.DISCLOSER) && caller.orgId() != null && !left.isEmpty()) {
            left.removeAll(relations.related(Relation.Kind.BUSINESS, caller.orgId(), left, now));
        }
        if (caller.hasAnyRole(Caller.PATIENT, Caller.DELEGATE)) {
            left.removeIf(s -> s.type() == SubjectType.PATIENT
                    && patients.actsFor(caller, s.id(), DelegationScope.READ_CONSENT_HISTORY));
        }
        if (!left.isEmpty()) {
            throw ProblemException.forbidden(caller.hasAnyRole(Caller.THERAPIST, Caller.DISCLOSER)
                    ? "the caller may ask only about subjects it has a care or business relation with"
                    : "the caller may ask only about the patients they act for");
        }
    }
}
