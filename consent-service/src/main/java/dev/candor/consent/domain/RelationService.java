package dev.candor.consent.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.persistence.RelationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Records, ends and reads care and business relations. Who records: admins any; a disclosing organisation its own
 * business relations; a patient (or a delegate managing their consent) the providers who treat them. Who ends: the
 * same, and a therapist their own care relation. Every change is a new version; nothing is deleted.
 */
@ApplicationScoped
public class RelationService {

    @Inject
    RelationStore store;

    @Inject
    PatientAccess patients;

    /**
     * @param subjectType PATIENT when null
     * @param subjectId   the caller's own patient id when null
     * @param partyId     for a discloser's business relation its own organisation when null
     */
    @Transactional
    public Relation record(Caller caller, Relation.Kind kind, SubjectType subjectType, String subjectId,
                           String partyId) {
        SubjectType type = subjectType != null ? subjectType : SubjectType.PATIENT;
        if (kind == Relation.Kind.CARE && type != SubjectType.PATIENT) {
            throw ProblemException.validation("subjectType", "a care relation is between a patient and a provider");
        }
        String subjectIdOrOwn = subjectId != null ? subjectId : type == SubjectType.PATIENT ? caller.patientId() : null;
        String party = partyId != null ? partyId
                : kind == Relation.Kind.BUSINESS && caller.hasRole(Caller.DISCLOSER) ? caller.orgId() : null;
        if (subjectIdOrOwn == null) {
            throw ProblemException.validation("subjectId", "is required");
        }
        if (party == null) {
            throw ProblemException.validation("partyId",
                    "is required: the provider id (CARE) or the organisation id (BUSINESS)");
        }
        SubjectRef subject = new SubjectRef(type, subjectIdOrOwn);
        if (!mayRecord(caller, kind, subject, party)) {
            throw ProblemException.forbidden("admins record any relation, a disclosing organisation its own "
                    + "business relations, a patient (or their delegate) the providers who treat them");
        }
        store.lock(kind + " " + subject + " " + party);
        store.latestOf(subject, null, null).stream()
                .filter(r -> r.kind() == kind && r.partyId().equals(party) && r.status() == Relation.Status.ACTIVE)
                .findFirst()
                .ifPresent(r -> {
                    throw ProblemException.conflict("relation " + r.id() + " between " + subject + " and " + party
                            + " is already active");
                });
        Relation relation = new Relation(UUID.randomUUID(), kind, subject, party, 1, Relation.Status.ACTIVE, null,
                now(), caller.name(), actorRole(caller));
        store.insert(relation);
        return relation;
    }

    /** A new version with status ENDED; 409 if it ended before. */
    @Transactional
    public Relation end(Caller caller, UUID id, String reason) {
        store.lock(id.toString());
        Relation latest = find(caller, id).orElseThrow(() -> ProblemException.notFound("relation " + id));
        if (!mayChange(caller, latest)) {
            throw ProblemException.forbidden("the caller may not end this relation");
        }
        if (latest.status() == Relation.Status.ENDED) {
            throw ProblemException.conflict("relation " + id + " already ended in version " + latest.version());
        }
        Relation ended = new Relation(id, latest.kind(), latest.subject(), latest.partyId(), latest.version() + 1,
                Relation.Status.ENDED, reason == null || reason.isBlank() ? null : reason.strip(), now(),
                caller.name(), actorRole(caller));
        store.insertVersion(ended);
        return ended;
    }

    /** The latest version, if the caller may see it; otherwise empty, exactly as if it did not exist. */
    public Optional<Relation> find(Caller caller, UUID id) {
        return store.latest(id).filter(r -> mayRead(caller, r));
    }

    public List<Relation> versions(Caller caller, UUID id) {
        return find(caller, id).map(r -> store.versions(id)).orElse(List.of());
    }

    /** A subject's relations, or a party's; with {@code asOf} only those active then. */
    public List<Relation> list(Caller caller, SubjectRef subject, String partyId, Instant asOf) {
        if ((subject == null) == (partyId == null)) {
            throw ProblemException.validation("subject", "give either subject or party");
        }
        boolean allowed = caller.hasAnyRole(Caller.ADMIN, Caller.REGULATOR) || (subject != null
                ? subject.type() == SubjectType.PATIENT
                        && patients.actsFor(caller, subject.id(), DelegationScope.READ_CONSENT_HISTORY)
                : isParty(caller, partyId));
        if (!allowed) {
            throw ProblemException.forbidden("the caller may list only their own relations");
        }
        return store.latestOf(subject, partyId, asOf).stream()
                .filter(r -> asOf == null || r.status() == Relation.Status.ACTIVE)
                .toList();
    }

    private boolean mayRecord(Caller caller, Relation.Kind kind, SubjectRef subject, String party) {
        if (caller.hasRole(Caller.ADMIN)) {
            return true;
        }
        if (kind == Relation.Kind.BUSINESS) {
            return caller.hasRole(Caller.DISCLOSER) && party.equals(caller.orgId());
        }
        return patients.actsFor(caller, subject.id(), DelegationScope.MANAGE_CONSENT);
    }

    private boolean mayChange(Caller caller, Relation r) {
        return mayRecord(caller, r.kind(), r.subject(), r.partyId())
                || (r.kind() == Relation.Kind.CARE && caller.hasRole(Caller.THERAPIST)
                && r.partyId().equals(caller.providerId()));
    }

    private boolean mayRead(Caller caller, Relation r) {
        return caller.hasAnyRole(Caller.ADMIN, Caller.REGULATOR) || isParty(caller, r.partyId())
                || (r.subject().type() == SubjectType.PATIENT
                && patients.actsFor(caller, r.subject().id(), DelegationScope.READ_CONSENT_HISTORY));
    }

    private static boolean isParty(Caller caller, String partyId) {
        return (caller.hasRole(Caller.THERAPIST) && partyId.equals(caller.providerId()))
                || (caller.hasRole(Caller.DISCLOSER) && partyId.equals(caller.orgId()));
    }

    private static String actorRole(Caller caller) {
        for (String role : List.of(Caller.PATIENT, Caller.DELEGATE, Caller.DISCLOSER, Caller.THERAPIST)) {
            if (caller.hasRole(role)) {
                return role;
            }
        }
        return Caller.ADMIN;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
