package dev.candor.consent.domain;

import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.persistence.DirectiveRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates and reads consent directives; every write is a new version, checked against who is acting. */
@ApplicationScoped
public class DirectiveService {

    @Inject
    DirectiveRepository directives;

    @Inject
    ProvisionCodec codec;

    /** A directive with its latest version. */
    public record Current(Directive directive, DirectiveVersion version, List<Provision> provisions) {
    }

    @Transactional
    public Current create(Caller caller, String patientId, DirectiveKind kind, List<Provision> provisions,
                          String signedText) {
        requireActsFor(caller, patientId);
        validate(provisions);
        Instant now = Instant.now();

        Directive directive = new Directive();
        directive.id = UUID.randomUUID();
        directive.subjectType = SubjectType.PATIENT;
        directive.subjectId = patientId;
        directive.kind = kind;
        directive.createdAt = now;
        directives.persist(directive);

        DirectiveVersion version = new DirectiveVersion();
        version.id = UUID.randomUUID();
        version.directive = directive;
        version.version = 1;
        version.status = DirectiveStatus.ACTIVE;
        version.provisions = codec.write(provisions);
        version.textSha256 = sha256(signedText);
        version.recordedAt = now;
        version.recordedBy = caller.name();
        version.actorRole = caller.hasRole(Caller.PATIENT) && patientId.equals(caller.patientId())
                ? Caller.PATIENT : Caller.DELEGATE;
        directives.persistVersion(version);
        return new Current(directive, version, provisions);
    }

    /** The directive if the caller may see it; otherwise empty, exactly as if it did not exist. */
    @Transactional
    public Optional<Current> find(Caller caller, UUID id) {
        return directives.findByIdOptional(id)
                .filter(d -> mayRead(caller, d.subjectId))
                .flatMap(d -> directives.latestVersion(d.id).map(v -> new Current(d, v, codec.read(v.provisions))));
    }

    @Transactional
    public List<Current> ofPatient(Caller caller, String patientId) {
        if (!mayRead(caller, patientId)) {
            throw ProblemException.forbidden("the caller may not read this patient's directives");
        }
        List<Current> result = new ArrayList<>();
        for (Directive d : directives.ofSubject(SubjectType.PATIENT, patientId)) {
            directives.latestVersion(d.id).ifPresent(v -> result.add(new Current(d, v, codec.read(v.provisions))));
        }
        return result;
    }

    private static boolean mayRead(Caller caller, String patientId) {
        return caller.actsForPatient(patientId) || caller.hasAnyRole(Caller.REGULATOR, Caller.ADMIN);
    }

    private static void requireActsFor(Caller caller, String patientId) {
        if (!caller.actsForPatient(patientId)) {
            throw ProblemException.forbidden("the caller does not act for patient " + patientId);
        }
    }

    private static void validate(List<Provision> provisions) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < provisions.size(); i++) {
            Provision p = provisions.get(i);
            if (p.validFrom() != null && p.validUntil() != null && !p.validUntil().isAfter(p.validFrom())) {
                errors.add(new Problem.FieldError("provisions[" + i + "].validUntil", "must be after validFrom"));
            }
            if (p.recipientIds().isEmpty() && p.recipientTypes().isEmpty()) {
                errors.add(new Problem.FieldError("provisions[" + i + "]",
                        "names no recipient: give recipientIds or recipientTypes"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.get(0).field() + ": " + errors.get(0).message(),
                    errors);
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
