package dev.candor.consent.domain;

import dev.candor.common.json.InstantRange;
import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.vocabulary.DataCategory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a directive version must say to be recorded, by kind. Checked before anything is written, and every broken
 * rule is reported at once, each naming its field and the rule.
 */
public final class DirectiveRules {

    /**
     * How far other systems' clocks may run ahead of ours: a signature dated a little ahead, or a decision asked about a
     * moment a little ahead (the ledger asks as of a disclosure's occurredAt, which it accepts up to as far ahead), is
     * the other clock, not a contradiction.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private DirectiveRules() {
    }

    /** A required element of a statutory form: where it is in the request and which rule requires it. */
    private record Element(String field, String hipaa, String part2, Function<AuthorizationElements, Object> value) {
    }

    private static final List<Element> ELEMENTS = List.of(
            new Element("informationDescription", "45 CFR 164.508(c)(1)(i)", "42 CFR 2.31(a)(3)",
                    AuthorizationElements::informationDescription),
            new Element("discloser", "45 CFR 164.508(c)(1)(ii)", "42 CFR 2.31(a)(2)", AuthorizationElements::discloser),
            new Element("recipient", "45 CFR 164.508(c)(1)(iii)", "42 CFR 2.31(a)(4)", AuthorizationElements::recipient),
            new Element("purpose", "45 CFR 164.508(c)(1)(iv)", "42 CFR 2.31(a)(5)", AuthorizationElements::purpose),
            new Element("signature", "45 CFR 164.508(c)(1)(vi)", "42 CFR 2.31(a)(8)", AuthorizationElements::signature),
            new Element("signedAt", "45 CFR 164.508(c)(1)(vi)", "42 CFR 2.31(a)(9)", AuthorizationElements::signedAt),
            new Element("revocationStatement", "45 CFR 164.508(c)(2)(i)", "42 CFR 2.31(a)(6)",
                    AuthorizationElements::revocationStatement));

    /**
     * @param signedByRepresentative true when a delegate (personal representative) records it: an authorization
     *                               then needs the representative's authority too
     * @throws ProblemException a validation problem listing every broken rule
     */
    public static void check(DirectiveKind kind, List<Provision> provisions, AuthorizationElements authorization,
                             boolean signedByRepresentative, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < provisions.size(); i++) {
            checkProvision(kind, provisions.get(i), "provisions[" + i + "]", errors);
        }
        if (kind.requiresAuthorizationElements()) {
            checkElements(kind, authorization, signedByRepresentative, errors);
        }
        if (authorization != null) {
            checkDates(authorization, now, errors);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.stream()
                    .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }

    private static void checkProvision(DirectiveKind kind, Provision p, String at, List<Problem.FieldError> errors) {
        // The JSON API refuses such instants when it reads them; a FHIR import reaches here with whatever it held.
        inRange(p.validFrom(), at + ".validFrom", errors);
        inRange(p.validUntil(), at + ".validUntil", errors);
        if (p.dataPeriod() != null) {
            inRange(p.dataPeriod().start(), at + ".dataPeriod.start", errors);
            inRange(p.dataPeriod().end(), at + ".dataPeriod.end", errors);
        }
        if (p.validFrom() != null && p.validUntil() != null && !p.validUntil().isAfter(p.validFrom())) {
            errors.add(new Problem.FieldError(at + ".validUntil", "must be after validFrom"));
        }
        DataPeriod.check(p.dataPeriod(), at + ".dataPeriod", errors);
        if (p.recipientIds().isEmpty() && p.recipientTypes().isEmpty()) {
            errors.add(new Problem.FieldError(at, "names no recipient: give recipientIds or recipientTypes"));
        }
        if (kind == DirectiveKind.RESTRICTION && p.effect() != Provision.Effect.DENY) {
            errors.add(new Problem.FieldError(at + ".effect",
                    "a RESTRICTION only restricts (45 CFR 164.522(a)): every provision must be DENY"));
        }
        if (kind == DirectiveKind.PSYCHOTHERAPY_NOTES_AUTHORIZATION
                && !p.categories().equals(Set.of(DataCategory.PSYCHOTHERAPY_NOTES))) {
            errors.add(new Problem.FieldError(at + ".categories", "a PSYCHOTHERAPY_NOTES_AUTHORIZATION covers "
                    + "PSYCHOTHERAPY_NOTES only and is never combined with other categories (45 CFR 164.508(b)(3)(ii))"));
        }
        if (kind != DirectiveKind.PSYCHOTHERAPY_NOTES_AUTHORIZATION && p.effect() == Provision.Effect.PERMIT
                && p.categories().contains(DataCategory.PSYCHOTHERAPY_NOTES)) {
            errors.add(new Problem.FieldError(at + ".categories", "PSYCHOTHERAPY_NOTES are permitted only by their "
                    + "own PSYCHOTHERAPY_NOTES_AUTHORIZATION, never combined with another directive "
                    + "(45 CFR 164.508(a)(2), (b)(3)(ii))"));
        }
    }

    private static void checkElements(DirectiveKind kind, AuthorizationElements authorization,
                                      boolean signedByRepresentative, List<Problem.FieldError> errors) {
        boolean part2 = kind == DirectiveKind.PART2_CONSENT;
        AuthorizationElements a = authorization != null ? authorization
                : new AuthorizationElements(null, null, null, null, null, null, null, null, null, null);
        for (Element element : ELEMENTS) {
            Object value = element.value().apply(a);
            if (value == null || value instanceof String s && s.isBlank()) {
                errors.add(new Problem.FieldError("authorization." + element.field(),
                        "required for a " + kind + " (" + (part2 ? element.part2() : element.hipaa()) + ")"));
            }
        }
        if (a.expiresAt() == null && (a.expirationEvent() == null || a.expirationEvent().isBlank())) {
            errors.add(new Problem.FieldError("authorization.expiresAt", "an expiration date (expiresAt) or event "
                    + "(expirationEvent) is required for a " + kind + " ("
                    + (part2 ? "42 CFR 2.31(a)(7)" : "45 CFR 164.508(c)(1)(v)") + ")"));
        }
        if (signedByRepresentative && (a.representativeAuthority() == null || a.representativeAuthority().isBlank())) {
            errors.add(new Problem.FieldError("authorization.representativeAuthority", "required when a personal "
                    + "representative signs: a description of their authority to act for the patient ("
                    + (part2 ? "42 CFR 2.31(a)(8)" : "45 CFR 164.508(c)(1)(vi)") + ")"));
        }
    }

    /** An instant stored and later turned into a FHIR date must be one both can hold (InstantRange). */
    private static void inRange(Instant instant, String field, List<Problem.FieldError> errors) {
        if (instant != null && !InstantRange.within(instant)) {
            errors.add(new Problem.FieldError(field, InstantRange.MESSAGE));
        }
    }

    private static void checkDates(AuthorizationElements a, Instant now, List<Problem.FieldError> errors) {
        inRange(a.signedAt(), "authorization.signedAt", errors);
        inRange(a.expiresAt(), "authorization.expiresAt", errors);
        if (a.signedAt() != null && a.signedAt().isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new Problem.FieldError("authorization.signedAt", "is in the future"));
        }
        if (a.expiresAt() != null) {
            if (a.signedAt() != null && !a.expiresAt().isAfter(a.signedAt())) {
                errors.add(new Problem.FieldError("authorization.expiresAt", "must be after signedAt"));
            } else if (!a.expiresAt().isAfter(now)) {
                errors.add(new Problem.FieldError("authorization.expiresAt", "is in the past: the directive would "
                        + "never be in force"));
            }
        }
    }
}
