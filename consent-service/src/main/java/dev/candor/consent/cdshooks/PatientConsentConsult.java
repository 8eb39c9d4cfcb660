package dev.candor.consent.cdshooks;

import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.validation.TextRules;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.ConsentRef;
import dev.candor.consent.domain.DecisionService;
import dev.candor.consent.domain.Obligation;
import dev.candor.consent.domain.OverallEvaluation;
import dev.candor.consent.domain.Provision;
import dev.candor.consent.domain.Recipient;
import dev.candor.consent.domain.SubjectEvaluation;
import dev.candor.consent.domain.SubjectRef;
import dev.candor.consent.fhir.FhirCodes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code patient-consent-consult} hook: its request as a decision request, the decision as a card. */
final class PatientConsentConsult {

    static final String HOOK = "patient-consent-consult";
    static final String CONSENT_PERMIT = "CONSENT_PERMIT";
    static final String CONSENT_DENY = "CONSENT_DENY";
    static final String NO_CONSENT = "NO_CONSENT";

    private static final Set<String> SCOPES = Set.of("patient-privacy", "research");

    private PatientConsentConsult() {
    }

    static final CdsServices.Service SERVICE = new CdsServices.Service(HOOK, HOOK, "Patient consent consult",
            "Decides whether data categories of a patient may go to a recipient for a purpose, from the patient's "
                    + "consent directives in Candor and the policy profile; every decision is kept and has an id.");

    /** The hook's request as one decision request (the time is now); every mistake at once, each by its path. */
    static DecisionService.Ask ask(CdsHookRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!HOOK.equals(request.hook())) {
            errors.add(new Problem.FieldError("hook", "must be " + HOOK));
        }
        if (request.hookInstance() == null || request.hookInstance().isBlank()) {
            errors.add(new Problem.FieldError("hookInstance", "is required (a UUID for this call)"));
        }
        CdsHookRequest.Context context = request.context();
        if (context == null) {
            errors.add(new Problem.FieldError("context", "is required"));
            throw problem(errors);
        }
        List<SubjectRef> subjects = patients(context.patientId(), errors);
        Recipient recipient = recipient(context.actor(), errors);
        Purpose purpose = purpose(context.purposeOfUse(), errors);
        Set<DataCategory> categories = categories(context.classes(), errors);
        scopes(context, errors);
        if (!errors.isEmpty()) {
            throw problem(errors);
        }
        return new DecisionService.Ask(subjects, recipient, categories, purpose, null, context.reason());
    }

    private static List<SubjectRef> patients(List<CdsHookRequest.SystemValue> ids, List<Problem.FieldError> errors) {
        List<SubjectRef> subjects = new ArrayList<>();
        if (ids == null || ids.isEmpty()) {
            errors.add(new Problem.FieldError("context.patientId", "is required: the patient(s) whose consent to "
                    + "consult"));
            return subjects;
        }
        for (int i = 0; i < ids.size(); i++) {
            CdsHookRequest.SystemValue id = ids.get(i);
            String at = "context.patientId[" + i + "]";
            if (id == null || id.value() == null || id.value().isBlank() || id.value().length() > 128) {
                errors.add(new Problem.FieldError(at + ".value", "is required (a Candor patient id, at most 128 "
                        + "characters)"));
            } else if (!TextRules.isIdentifier(id.value())) {
                errors.add(new Problem.FieldError(at + ".value", TextRules.IDENTIFIER_MESSAGE));
            } else if (id.system() != null && !FhirCodes.PATIENT_ID_SYSTEM.equals(id.system())) {
                errors.add(new Problem.FieldError(at + ".system", "unknown identifier system '" + id.system()
                        + "'; Candor knows patients by its own ids (" + FhirCodes.PATIENT_ID_SYSTEM + " or none)"));
            } else {
                subjects.add(new SubjectRef(SubjectType.PATIENT, id.value()));
            }
        }
        return subjects;
    }

    /** One actor entry names the recipient's id, one its type (in Candor's recipient-type system). */
    private static Recipient recipient(List<CdsHookRequest.SystemValue> actors, List<Problem.FieldError> errors) {
        String id = null;
        RecipientType type = null;
        if (actors != null) {
            for (int i = 0; i < actors.size(); i++) {
                CdsHookRequest.SystemValue actor = actors.get(i);
                String at = "context.actor[" + i + "]";
                if (actor == null || actor.value() == null || actor.value().isBlank()) {
                    errors.add(new Problem.FieldError(at + ".value", "is required"));
                } else if (FhirCodes.RECIPIENT_TYPE_SYSTEM.equals(actor.system())) {
                    try {
                        type = RecipientType.valueOf(actor.value());
                    } catch (IllegalArgumentException e) {
                        errors.add(new Problem.FieldError(at + ".value", "unknown recipient type '" + actor.value()
                                + "'; allowed: " + Arrays.stream(RecipientType.values()).map(Enum::name)
                                .collect(Collectors.joining(", "))));
                    }
                } else if (id != null) {
                    errors.add(new Problem.FieldError(at, "names a second recipient; one call asks about one"));
                } else if (actor.value().length() > 128) {
                    errors.add(new Problem.FieldError(at + ".value", "is longer than 128 characters"));
                } else if (!TextRules.isIdentifier(actor.value())) {
                    errors.add(new Problem.FieldError(at + ".value", TextRules.IDENTIFIER_MESSAGE));
                } else {
                    id = actor.value();
                }
            }
        }
        if (id == null) {
            errors.add(new Problem.FieldError("context.actor", "must name the recipient: {\"system\": \""
                    + FhirCodes.RECIPIENT_ID_SYSTEM + "\", \"value\": \"<recipient id>\"}"));
        }
        if (type == null) {
            errors.add(new Problem.FieldError("context.actor", "must give the recipient's type: {\"system\": \""
                    + FhirCodes.RECIPIENT_TYPE_SYSTEM + "\", \"value\": \"INSURER\"}"));
        }
        return id == null || type == null ? null : new Recipient(id, type);
    }

    private static Purpose purpose(List<String> purposes, List<Problem.FieldError> errors) {
        if (purposes == null || purposes.isEmpty()) {
            errors.add(new Problem.FieldError("context.purposeOfUse", "is required: one purpose of use"));
            return null;
        }
        if (purposes.size() > 1) {
            errors.add(new Problem.FieldError("context.purposeOfUse", "give one purpose per call ("
                    + purposes.size() + " given)"));
        }
        try {
            return Purpose.valueOf(String.valueOf(purposes.get(0)));
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("context.purposeOfUse[0]", "unknown purpose '" + purposes.get(0)
                    + "'; allowed: " + Arrays.stream(Purpose.values()).map(Enum::name)
                    .collect(Collectors.joining(", "))));
            return null;
        }
    }

    private static Set<DataCategory> categories(List<CdsHookRequest.SystemCode> classes,
                                                List<Problem.FieldError> errors) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        if (classes == null || classes.isEmpty()) {
            errors.add(new Problem.FieldError("context.class", "is required: the data categories to disclose ("
                    + FhirCodes.DATA_CATEGORY_SYSTEM + ")"));
            return categories;
        }
        for (int i = 0; i < classes.size(); i++) {
            CdsHookRequest.SystemCode c = classes.get(i);
            DataCategory category = null;
            if (c != null && FhirCodes.DATA_CATEGORY_SYSTEM.equals(c.system())) {
                category = Arrays.stream(DataCategory.values()).filter(d -> d.name().equals(c.code())).findFirst()
                        .orElse(null);
            }
            if (category == null) {
                errors.add(new Problem.FieldError("context.class[" + i + "]", "unknown data category "
                        + (c == null ? "null" : c.system() + "|" + c.code()) + "; allowed: "
                        + FhirCodes.DATA_CATEGORY_SYSTEM + "|" + Arrays.stream(DataCategory.values()).map(Enum::name)
                        .collect(Collectors.joining(", "))));
            } else {
                categories.add(category);
            }
        }
        return categories;
    }

    /** Candor's directives are privacy consents: the patient-privacy and research scopes are the ones it answers. */
    private static void scopes(CdsHookRequest.Context context, List<Problem.FieldError> errors) {
        if (context.scope() != null && !SCOPES.contains(context.scope())) {
            errors.add(new Problem.FieldError("context.scope", "allowed: patient-privacy, research"));
        }
        List<CdsHookRequest.SystemCode> category = context.category() == null ? List.of() : context.category();
        for (int i = 0; i < category.size(); i++) {
            CdsHookRequest.SystemCode c = category.get(i);
            if (c == null || !FhirCodes.CONSENT_SCOPE.equals(c.system()) || !SCOPES.contains(c.code())) {
                errors.add(new Problem.FieldError("context.category[" + i + "]", "allowed: "
                        + FhirCodes.CONSENT_SCOPE + "|patient-privacy, research"));
            }
        }
    }

    /** The decision as one card: by consent, against a directive, or without one (the policy profile decided). */
    static CdsHookResponse answer(DecisionService.Decided decided) {
        OverallEvaluation overall = decided.overall();
        List<SubjectEvaluation> subjects = decided.subjects().stream().map(DecisionService.SubjectDecided::evaluation)
                .toList();
        String summary;
        String indicator;
        if (overall.decision() == Provision.Effect.PERMIT && overall.legalBasis() == LegalBasis.CONSENT) {
            summary = CONSENT_PERMIT;
            indicator = "info";
        } else if (overall.decision() == Provision.Effect.DENY && subjects.stream()
                .anyMatch(s -> s.decision() == Provision.Effect.DENY && s.consent() != null)) {
            summary = CONSENT_DENY;
            indicator = "critical";
        } else {
            summary = NO_CONSENT;
            indicator = "warning";
        }
        Set<String> basedOn = new LinkedHashSet<>();
        List<CdsHookResponse.SubjectOut> perSubject = new ArrayList<>();
        Set<CdsHookResponse.ObligationOut> obligations = new LinkedHashSet<>();
        for (DecisionService.SubjectDecided subject : decided.subjects()) {
            SubjectEvaluation e = subject.evaluation();
            String consent = reference(e.consent());
            if (consent != null) {
                basedOn.add(consent);
            }
            perSubject.add(new CdsHookResponse.SubjectOut(e.subject().id(), subject.id(), e.decision(),
                    e.legalBasis(), consent));
            for (Obligation o : e.obligations()) {
                obligations.add(new CdsHookResponse.ObligationOut(
                        new CdsHookRequest.SystemCode(FhirCodes.OBLIGATION_SYSTEM, o.code().name()),
                        new CdsHookResponse.Parameters(o.categories().stream()
                                .map(c -> new CdsHookRequest.SystemCode(FhirCodes.DATA_CATEGORY_SYSTEM, c.name()))
                                .toList()),
                        o.detail()));
            }
        }
        CdsHookResponse.Extension extension = new CdsHookResponse.Extension(summary, decided.id(), overall.decision(),
                overall.legalBasis(), overall.permittedCategories(), List.copyOf(obligations), List.copyOf(basedOn),
                perSubject);
        return new CdsHookResponse(List.of(new CdsHookResponse.Card(decided.id(), summary, overall.reason(),
                indicator, new CdsHookResponse.Source("Candor consent-service", null), extension)));
    }

    private static String reference(ConsentRef consent) {
        return consent == null ? null : "Consent/" + consent.directiveId() + "/_history/" + consent.version();
    }

    /** The decision engine names its own fields ({@code reason}, {@code subjects[1]}); here they are the hook's. */
    static ProblemException inHookTerms(ProblemException e) {
        if (e.type() != ProblemType.VALIDATION || e.problem().errors() == null) {
            return e;
        }
        return problem(e.problem().errors().stream().map(f -> new Problem.FieldError(
                f.field().replaceFirst("^subjects", "context.patientId").replaceFirst("^reason", "context.reason"),
                f.message())).toList());
    }

    private static ProblemException problem(List<Problem.FieldError> errors) {
        return new ProblemException(ProblemType.VALIDATION, errors.stream()
                .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
    }
}
