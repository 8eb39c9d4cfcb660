package dev.candor.consent.domain;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.persistence.DirectiveRepository;
import dev.candor.consent.persistence.SubjectConsentCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Records and reads consent directives. Every change is a new version (create, amend, revoke), checked against who
 * is acting and against the rules of the directive's kind; nothing is updated in place or deleted.
 */
@ApplicationScoped
public class DirectiveService {

    @Inject
    DirectiveRepository directives;

    @Inject
    SubjectConsentCache consents;

    @Inject
    DirectiveCodec codec;

    @Inject
    PatientAccess access;

    /** A directive with one of its versions. */
    public record Current(Directive directive, DirectiveVersion version, List<Provision> provisions,
                          AuthorizationElements authorization) {
    }

    /** What a new version says; for a revocation the provisions are carried over from the version it ends. */
    public record Content(DirectiveKind kind, List<Provision> provisions, AuthorizationElements authorization,
                          String signedText) {
    }

    @Transactional
    public Current create(Caller caller, String patientId, Content content) {
        requireActsFor(caller, patientId);
        Instant now = now();
        DirectiveRules.check(content.kind(), content.provisions(), content.authorization(),
                isRepresentative(caller, patientId), now);

        Directive directive = new Directive();
        directive.id = UUID.randomUUID();
        directive.subjectType = SubjectType.PATIENT;
        directive.subjectId = patientId;
        directive.kind = content.kind();
        directive.createdAt = now;
        directives.persist(directive);
        return record(caller, directive, 1, DirectiveStatus.ACTIVE, content.provisions(), content.authorization(),
                content.signedText(), null, now);
    }

    /**
     * A new version with new content. The kind cannot change (a different legal instrument is a new directive).
     *
     * @param baseVersion the version the caller amends, when it wants to be sure nobody changed it meanwhile
     */
    @Transactional
    public Current amend(Caller caller, UUID id, Content content, Integer baseVersion) {
        Current latest = latestForChange(caller, id, baseVersion);
        if (content.kind() != null && content.kind() != latest.directive().kind) {
            throw ProblemException.validation("kind", "a directive's kind cannot change (it is "
                    + latest.directive().kind + "); revoke it and record a new directive");
        }
        Instant now = now();
        DirectiveRules.check(latest.directive().kind, content.provisions(), content.authorization(),
                isRepresentative(caller, latest.directive().subjectId), now);
        return record(caller, latest.directive(), latest.version().version + 1, DirectiveStatus.ACTIVE,
                content.provisions(), content.authorization(), content.signedText(), null, now);
    }

    /** A new version with status REVOKED; from then on the directive is no longer in force. */
    @Transactional
    public Current revoke(Caller caller, UUID id, String reason, String signedText, Integer baseVersion) {
        Current latest = latestForChange(caller, id, baseVersion);
        return record(caller, latest.directive(), latest.version().version + 1, DirectiveStatus.REVOKED,
                latest.provisions(), latest.authorization(), signedText, reason, now());
    }

    /** The directive's latest version if the caller may see it; otherwise empty, exactly as if it did not exist. */
    @Transactional
    public Optional<Current> find(Caller caller, UUID id) {
        return directives.findByIdOptional(id)
                .filter(d -> mayRead(caller, d.subjectId))
                .flatMap(d -> directives.latestVersion(d.id).map(v -> current(d, v)));
    }

    /** Every version of a directive, oldest first; empty when the caller may not see it. */
    @Transactional
    public List<Current> history(Caller caller, UUID id) {
        return directives.findByIdOptional(id)
                .filter(d -> mayRead(caller, d.subjectId))
                .map(d -> directives.versions(d.id).stream().map(v -> current(d, v)).toList())
                .orElse(List.of());
    }

    /**
     * A patient's directives: without {@code asOf}, each directive's latest version, whatever its status; with it,
     * the versions in force at that moment (recorded by then, not revoked, not expired).
     */
    @Transactional
    public List<Current> ofPatient(Caller caller, String patientId, Instant asOf) {
        if (!mayRead(caller, patientId)) {
            throw ProblemException.forbidden("the caller may not read this patient's directives");
        }
        return directives.latestVersionsOf(SubjectType.PATIENT, patientId, asOf).stream()
                .filter(v -> asOf == null || inForceAt(v, asOf))
                .map(v -> current(v.directive, v))
                .toList();
    }

    private Current latestForChange(Caller caller, UUID id, Integer baseVersion) {
        Directive directive = directives.findForUpdate(id)
                .filter(d -> mayRead(caller, d.subjectId))
                .orElseThrow(() -> ProblemException.notFound("directive " + id));
        if (!access.actsFor(caller, directive.subjectId, DelegationScope.MANAGE_CONSENT)) {
            throw ProblemException.forbidden("the caller may read but not change this patient's directives");
        }
        DirectiveVersion version = directives.latestVersion(id).orElseThrow();
        if (version.status == DirectiveStatus.REVOKED) {
            throw ProblemException.conflict("directive " + id + " was revoked in version " + version.version
                    + "; record a new directive instead");
        }
        if (baseVersion != null && baseVersion != version.version) {
            throw ProblemException.conflict("directive " + id + " is at version " + version.version + ", not "
                    + baseVersion + "; read it again before changing it");
        }
        return current(directive, version);
    }

    private Current record(Caller caller, Directive directive, int number, DirectiveStatus status,
                           List<Provision> provisions, AuthorizationElements authorization, String signedText,
                           String revocationReason, Instant now) {
        DirectiveVersion version = new DirectiveVersion();
        version.id = UUID.randomUUID();
        version.directive = directive;
        version.version = number;
        version.status = status;
        version.provisions = codec.writeProvisions(provisions);
        version.authorizationElements = codec.writeAuthorization(authorization);
        version.expiresAt = authorization == null ? null : authorization.expiresAt();
        version.textSha256 = signedText == null ? null : sha256(signedText);
        version.revocationReason = revocationReason;
        version.recordedAt = now;
        version.recordedBy = caller.name();
        version.actorRole = isRepresentative(caller, directive.subjectId) ? Caller.DELEGATE : Caller.PATIENT;
        directives.persistVersion(version);
        consents.forgetOnCommit(new SubjectRef(directive.subjectType, directive.subjectId));
        return new Current(directive, version, provisions, authorization);
    }

    private Current current(Directive directive, DirectiveVersion version) {
        return new Current(directive, version, codec.readProvisions(version.provisions),
                codec.readAuthorization(version.authorizationElements));
    }

    private static boolean inForceAt(DirectiveVersion version, Instant time) {
        return DirectiveSnapshot.inForce(version.status, version.recordedAt, version.expiresAt, time);
    }

    /** Timestamps at the database's precision, so "as of the moment it was recorded" finds it. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Patients, delegates whose delegation lets them read the history (or manage), regulators and admins. */
    private boolean mayRead(Caller caller, String patientId) {
        return caller.hasAnyRole(Caller.REGULATOR, Caller.ADMIN)
                || access.actsFor(caller, patientId, DelegationScope.READ_CONSENT_HISTORY);
    }

    private static boolean isRepresentative(Caller caller, String patientId) {
        return !(caller.hasRole(Caller.PATIENT) && patientId.equals(caller.patientId()));
    }

    private void requireActsFor(Caller caller, String patientId) {
        if (!access.actsFor(caller, patientId, DelegationScope.MANAGE_CONSENT)) {
            throw ProblemException.forbidden("the caller does not act for patient " + patientId);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
