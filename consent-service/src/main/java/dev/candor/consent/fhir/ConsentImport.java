package dev.candor.consent.fhir;

import dev.candor.common.json.NoNulStrings;
import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.validation.TextRules;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.consent.api.CreateDirectiveRequest;
import dev.candor.consent.domain.AuthorizationElements;
import dev.candor.consent.domain.DataPeriod;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveService;
import dev.candor.consent.domain.Provision;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import org.apache.commons.codec.digest.DigestUtils;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A FHIR R4 {@code Consent} read into the content of a new directive. Everything Candor cannot honour is refused
 * with a 400 naming the FHIR element ({@code Consent.provision.provision[1].purpose[0]}); nothing is silently dropped
 * that could change what the patient allowed or refused.
 * <p>
 * What is imported is held to exactly the rules of {@code POST /api/v1/consents}: the content is checked as the
 * {@link CreateDirectiveRequest} that would have said the same (its Bean Validation constraints: sizes, identifiers,
 * required parts), and no text taken from the Consent may hold what that API's JSON reading refuses (a NUL, a lone
 * UTF-16 surrogate). A black-box probe stored a NUL in an authorization element this way — after which every read of
 * the patient's directives failed — and a 600 KB discloser.
 */
public final class ConsentImport {

    private static final Pattern PROVISION_FIELD = Pattern.compile("^provisions\\[(\\d+)](.*)$");
    private static final Map<String, String> PROVISION_ELEMENTS = Map.of(".effect", ".type",
            ".categories", ".class", ".purposes", ".purpose", ".validFrom", ".period.start",
            ".validUntil", ".period.end", ".recipientIds", ".actor", ".recipientTypes", ".actor");

    private ConsentImport() {
    }

    /**
     * What a Consent says, as a directive.
     *
     * @param provisionPaths the FHIR element of each provision, to name it when the directive's rules refuse it
     */
    public record Imported(String patientId, DirectiveService.Content content, List<String> provisionPaths) {
    }

    /**
     * @param validator checks the content as {@code POST /api/v1/consents} checks its body, once the Consent has
     *                  been read without error
     */
    public static Imported fromFhir(Consent consent, Validator validator) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (consent.getStatus() != Consent.ConsentState.ACTIVE) {
            errors.add(new Problem.FieldError("Consent.status", consent.getStatus() == null ? "is required"
                    : "is " + consent.getStatus().toCode() + "; only an active Consent can be imported"));
        }
        String patientId = patient(consent, errors);
        checkScope(consent, errors);
        DirectiveKind kind = kind(consent, errors);
        List<String> paths = new ArrayList<>();
        List<Provision> provisions = provisions(consent, paths, errors);
        AuthorizationElements authorization = authorization(consent, errors);
        String signedText = signedText(consent, errors);
        for (Extension ext : consent.getExtension()) {
            if (!FhirCodes.AUTHORIZATION_EXTENSION.equals(ext.getUrl())
                    && !FhirCodes.REVOCATION_REASON_EXTENSION.equals(ext.getUrl())) {
                errors.add(new Problem.FieldError("Consent.extension(" + ext.getUrl() + ")",
                        "unknown extension; Candor reads only " + FhirCodes.AUTHORIZATION_EXTENSION));
            }
        }
        if (!consent.getModifierExtension().isEmpty()) {
            errors.add(new Problem.FieldError("Consent.modifierExtension", "modifier extensions are not understood"));
        }
        throwIfAny(errors);
        DirectiveService.Content content = new DirectiveService.Content(kind, provisions, authorization, signedText);
        List<String> provisionPaths = List.copyOf(paths);
        for (ConstraintViolation<CreateDirectiveRequest> v
                : validator.validate(CreateDirectiveRequest.of(patientId, content))) {
            errors.add(new Problem.FieldError(fhirPath(fieldName(v.getPropertyPath()), provisionPaths),
                    v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        throwIfAny(errors);
        return new Imported(patientId, content, provisionPaths);
    }

    /**
     * A violation's field as the JSON API names it ({@code provisions[0].recipientIds}, {@code
     * authorization.signature}), for {@link #fhirPath} to name the FHIR element.
     */
    static String fieldName(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(name);
            }
        }
        return field.toString();
    }

    /**
     * The directive rules name Candor's fields ({@code provisions[0].categories}); for an imported Consent the
     * problem names the FHIR element instead.
     */
    public static ProblemException inFhirTerms(ProblemException e, List<String> provisionPaths) {
        if (e.type() != ProblemType.VALIDATION) {
            return e;
        }
        List<Problem.FieldError> errors = e.problem().errors() == null ? List.of() : e.problem().errors().stream()
                .map(f -> new Problem.FieldError(fhirPath(f.field(), provisionPaths), f.message())).toList();
        return new ProblemException(ProblemType.VALIDATION, errors.stream()
                .map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")), errors);
    }

    static String fhirPath(String field, List<String> provisionPaths) {
        Matcher m = PROVISION_FIELD.matcher(field);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            String base = index < provisionPaths.size() ? provisionPaths.get(index) : "Consent.provision";
            return base + PROVISION_ELEMENTS.getOrDefault(m.group(2), m.group(2));
        }
        if (field.startsWith("authorization.")) {
            return "Consent.extension(" + FhirCodes.AUTHORIZATION_EXTENSION + ").extension("
                    + field.substring("authorization.".length()) + ")";
        }
        return switch (field) {
            case "signedText" -> "Consent.sourceAttachment.data";
            case "patientId" -> "Consent.patient";
            case "kind" -> "Consent.category";
            case "provisions" -> "Consent.provision";
            default -> "Consent." + field;
        };
    }

    private static String patient(Consent consent, List<Problem.FieldError> errors) {
        Reference patient = consent.getPatient();
        String id = null;
        if (patient.hasReference()) {
            String ref = patient.getReference();
            if (ref.startsWith("Patient/") && ref.length() > "Patient/".length() && ref.indexOf('/', 8) < 0) {
                id = ref.substring("Patient/".length());
            } else {
                errors.add(new Problem.FieldError("Consent.patient.reference",
                        "must be Patient/{id}, got '" + ref + "'"));
                return null;
            }
        } else if (patient.hasIdentifier() && patient.getIdentifier().hasValue()) {
            id = patient.getIdentifier().getValue();
        }
        if (id == null || id.isBlank()) {
            errors.add(new Problem.FieldError("Consent.patient", "is required: the patient whose consent it is "
                    + "(reference Patient/{id})"));
            return null;
        }
        String unstorable = NoNulStrings.refusal(id);
        if (id.length() > 128) {
            errors.add(new Problem.FieldError("Consent.patient", "the patient id is longer than 128 characters"));
        } else if (unstorable != null) {
            errors.add(new Problem.FieldError("Consent.patient", "the patient id " + unstorable));
        } else if (!TextRules.isIdentifier(id)) {
            errors.add(new Problem.FieldError("Consent.patient", "the patient id " + TextRules.IDENTIFIER_MESSAGE));
        }
        return id;
    }

    private static void checkScope(Consent consent, List<Problem.FieldError> errors) {
        for (int i = 0; i < consent.getScope().getCoding().size(); i++) {
            Coding c = consent.getScope().getCoding().get(i);
            if (!FhirCodes.CONSENT_SCOPE.equals(c.getSystem())
                    || !("patient-privacy".equals(c.getCode()) || "research".equals(c.getCode()))) {
                errors.add(new Problem.FieldError("Consent.scope.coding[" + i + "]", "Candor records privacy consent "
                        + "directives only; allowed: " + FhirCodes.CONSENT_SCOPE + "|patient-privacy, research"));
            }
        }
    }

    /** The Candor kind if a category names it; else what the policy rule stands for; else the LOINC category. */
    private static DirectiveKind kind(Consent consent, List<Problem.FieldError> errors) {
        for (int i = 0; i < consent.getCategory().size(); i++) {
            List<Coding> codings = consent.getCategory().get(i).getCoding();
            for (int j = 0; j < codings.size(); j++) {
                Coding c = codings.get(j);
                if (FhirCodes.DIRECTIVE_KIND_SYSTEM.equals(c.getSystem())) {
                    Optional<DirectiveKind> kind = FhirCodes.kindOf(c.getCode());
                    if (kind.isEmpty()) {
                        errors.add(new Problem.FieldError("Consent.category[" + i + "].coding[" + j + "]",
                                "unknown code '" + c.getCode() + "'; allowed: "
                                        + FhirCodes.allowed(FhirCodes.DIRECTIVE_KIND_SYSTEM, DirectiveKind.class)));
                        return null;
                    }
                    return kind.get();
                }
            }
        }
        for (Coding c : consent.getPolicyRule().getCoding()) {
            Optional<DirectiveKind> kind = FhirCodes.kindOfPolicyRule(c.getSystem(), c.getCode());
            if (kind.isPresent()) {
                return kind.get();
            }
        }
        for (CodeableConcept category : consent.getCategory()) {
            for (Coding c : category.getCoding()) {
                Optional<DirectiveKind> kind = FhirCodes.kindOfCategory(c.getSystem(), c.getCode());
                if (kind.isPresent()) {
                    return kind.get();
                }
            }
        }
        errors.add(new Problem.FieldError("Consent.category", "says no kind of directive Candor knows: give a "
                + FhirCodes.DIRECTIVE_KIND_SYSTEM + " coding, a policyRule (v3-ActCode OPTIN/OPTOUT/42CFRPart2/"
                + "HIPAAPsyNotes, consentpolicycodes hipaa-auth/hipaa-restrictions/hipaa-self-pay) or LOINC "
                + FhirCodes.LOINC_PATIENT_CONSENT + "/" + FhirCodes.LOINC_RELEASE_OF_INFORMATION));
        return null;
    }

    /**
     * The root provision is a provision itself when it says something (actors, purposes, classes, codes, a
     * period); its nested provisions follow, a nested one without a type being the opposite of the root's.
     */
    private static List<Provision> provisions(Consent consent, List<String> paths, List<Problem.FieldError> errors) {
        List<Provision> result = new ArrayList<>();
        if (!consent.hasProvision()) {
            errors.add(new Problem.FieldError("Consent.provision", "is required: Candor needs at least one rule"));
            return result;
        }
        Consent.ProvisionComponent root = consent.getProvision();
        String rootPath = "Consent.provision";
        boolean rootSpeaks = root.hasActor() || root.hasPurpose() || root.hasClass_() || root.hasCode()
                || root.hasPeriod() || root.hasDataPeriod() || root.hasData() || root.hasSecurityLabel();
        if (rootSpeaks) {
            if (!root.hasType()) {
                errors.add(new Problem.FieldError(rootPath + ".type", "is required (permit or deny)"));
            }
            paths.add(rootPath);
            result.add(provision(root, rootPath, root.getType(), errors));
        }
        for (int i = 0; i < root.getProvision().size(); i++) {
            Consent.ProvisionComponent nested = root.getProvision().get(i);
            String path = rootPath + ".provision[" + i + "]";
            Consent.ConsentProvisionType type = nested.getType();
            if (type == null && root.hasType()) {
                type = root.getType() == Consent.ConsentProvisionType.PERMIT ? Consent.ConsentProvisionType.DENY
                        : Consent.ConsentProvisionType.PERMIT;
            }
            if (type == null) {
                errors.add(new Problem.FieldError(path + ".type", "is required (permit or deny)"));
            }
            if (nested.hasProvision()) {
                errors.add(new Problem.FieldError(path + ".provision", "Candor's provisions are one level deep: "
                        + "give each rule as a provision of the root provision"));
            }
            paths.add(path);
            result.add(provision(nested, path, type, errors));
        }
        if (result.isEmpty()) {
            errors.add(new Problem.FieldError("Consent.provision", "says nothing: give at least one provision with "
                    + "actors, purposes and data classes"));
        }
        return result;
    }

    private static Provision provision(Consent.ProvisionComponent p, String path, Consent.ConsentProvisionType type,
                                       List<Problem.FieldError> errors) {
        Set<String> recipientIds = new LinkedHashSet<>();
        Set<RecipientType> recipientTypes = EnumSet.noneOf(RecipientType.class);
        for (int i = 0; i < p.getActor().size(); i++) {
            actor(p.getActor().get(i), path + ".actor[" + i + "]", recipientIds, recipientTypes, errors);
        }
        Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        for (int i = 0; i < p.getPurpose().size(); i++) {
            Coding c = p.getPurpose().get(i);
            Optional<Purpose> purpose = FhirCodes.purposeOf(c.getSystem(), c.getCode());
            if (purpose.isPresent()) {
                purposes.add(purpose.get());
            } else {
                errors.add(new Problem.FieldError(path + ".purpose[" + i + "]", "unknown purpose "
                        + c.getSystem() + "|" + c.getCode() + "; allowed: " + FhirCodes.allowedPurposes()));
            }
        }
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        for (int i = 0; i < p.getClass_().size(); i++) {
            category(p.getClass_().get(i), path + ".class[" + i + "]", categories, errors);
        }
        for (int i = 0; i < p.getCode().size(); i++) {
            List<Coding> codings = p.getCode().get(i).getCoding();
            for (int j = 0; j < codings.size(); j++) {
                category(codings.get(j), path + ".code[" + i + "].coding[" + j + "]", categories, errors);
            }
        }
        if (purposes.isEmpty() && p.getPurpose().isEmpty()) {
            errors.add(new Problem.FieldError(path + ".purpose", "at least one purpose of use is required"));
        }
        if (categories.isEmpty() && p.getClass_().isEmpty() && p.getCode().isEmpty()) {
            errors.add(new Problem.FieldError(path + ".class", "at least one data category is required ("
                    + FhirCodes.DATA_CATEGORY_SYSTEM + ")"));
        }
        if (p.hasData()) {
            errors.add(new Problem.FieldError(path + ".data", "is not supported: Candor's provisions speak of data "
                    + "categories (class), not of single resources"));
        }
        if (p.hasSecurityLabel()) {
            errors.add(new Problem.FieldError(path + ".securityLabel", "is not supported: give data categories "
                    + "(class) instead"));
        }
        Instant from = p.getPeriod().hasStart() ? start(p.getPeriod().getStartElement()) : null;
        Instant until = p.getPeriod().hasEnd() ? end(p.getPeriod().getEndElement()) : null;
        DataPeriod data = null;
        if (p.hasDataPeriod()) {
            data = new DataPeriod(p.getDataPeriod().hasStart() ? start(p.getDataPeriod().getStartElement()) : null,
                    p.getDataPeriod().hasEnd() ? end(p.getDataPeriod().getEndElement()) : null);
        }
        return new Provision(type == Consent.ConsentProvisionType.DENY ? Provision.Effect.DENY
                : Provision.Effect.PERMIT, Set.copyOf(recipientIds), Set.copyOf(recipientTypes), Set.copyOf(categories),
                Set.copyOf(purposes), from, until, data);
    }

    /** A period's start: a date without a time (year, month or day precision) starts at its first instant, UTC. */
    private static Instant start(BaseDateTimeType value) {
        return dateOnly(value, false);
    }

    /**
     * A period's end, made exclusive as Candor's ends are. FHIR's end includes everything matching it at its
     * precision ({@code 2024-12-31} includes that whole day), so a date without a time ends at the first instant
     * after it (UTC). An end with a time is taken as the exclusive instant it names.
     */
    private static Instant end(BaseDateTimeType value) {
        return dateOnly(value, true);
    }

    private static Instant dateOnly(BaseDateTimeType value, boolean after) {
        if (value.getValue() == null) {
            return null;
        }
        String text = value.getValueAsString();
        LocalDate first;
        LocalDate next;
        switch (value.getPrecision()) {
            case YEAR -> {
                first = Year.parse(text).atDay(1);
                next = first.plusYears(1);
            }
            case MONTH -> {
                first = YearMonth.parse(text).atDay(1);
                next = first.plusMonths(1);
            }
            case DAY -> {
                first = LocalDate.parse(text);
                next = first.plusDays(1);
            }
            default -> {
                return instant(value);
            }
        }
        return (after ? next : first).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void actor(Consent.provisionActorComponent actor, String path, Set<String> recipientIds,
                              Set<RecipientType> recipientTypes, List<Problem.FieldError> errors) {
        for (Coding role : actor.getRole().getCoding()) {
            if (FhirCodes.RECIPIENT_TYPE_SYSTEM.equals(role.getSystem())) {
                Optional<RecipientType> type = FhirCodes.recipientTypeOf(role.getCode());
                if (type.isPresent()) {
                    recipientTypes.add(type.get());
                } else {
                    errors.add(new Problem.FieldError(path + ".role", "unknown recipient type '" + role.getCode()
                            + "'; allowed: " + FhirCodes.allowed(FhirCodes.RECIPIENT_TYPE_SYSTEM, RecipientType.class)));
                }
                return;
            }
        }
        Reference ref = actor.getReference();
        String id = null;
        if (ref.hasIdentifier() && ref.getIdentifier().hasValue()) {
            id = ref.getIdentifier().getValue();
        } else if (ref.hasReference()) {
            String r = ref.getReference();
            id = r.substring(r.lastIndexOf('/') + 1);
        }
        String unstorable = NoNulStrings.refusal(id);
        if (id == null || id.isBlank()) {
            errors.add(new Problem.FieldError(path + ".reference", "names no recipient: give a reference "
                    + "(Organization/{id}) or an identifier, or a role in " + FhirCodes.RECIPIENT_TYPE_SYSTEM));
        } else if (id.length() > 128) {
            errors.add(new Problem.FieldError(path + ".reference", "the recipient id is longer than 128 characters"));
        } else if (unstorable != null) {
            errors.add(new Problem.FieldError(path + ".reference", "the recipient id " + unstorable));
        } else if (!TextRules.isIdentifier(id)) {
            errors.add(new Problem.FieldError(path + ".reference", "the recipient id " + TextRules.IDENTIFIER_MESSAGE));
        } else {
            recipientIds.add(id);
        }
    }

    private static void category(Coding c, String path, Set<DataCategory> categories,
                                 List<Problem.FieldError> errors) {
        Optional<DataCategory> category = FhirCodes.categoryOf(c.getSystem(), c.getCode());
        if (category.isPresent()) {
            categories.add(category.get());
        } else {
            errors.add(new Problem.FieldError(path, "unknown data category " + c.getSystem() + "|" + c.getCode()
                    + "; allowed: " + FhirCodes.allowed(FhirCodes.DATA_CATEGORY_SYSTEM, DataCategory.class)));
        }
    }

    private static AuthorizationElements authorization(Consent consent, List<Problem.FieldError> errors) {
        Extension ext = consent.getExtensionByUrl(FhirCodes.AUTHORIZATION_EXTENSION);
        if (ext == null) {
            return null;
        }
        String path = "Consent.extension(" + FhirCodes.AUTHORIZATION_EXTENSION + ")";
        Set<String> known = Set.of("informationDescription", "discloser", "recipient", "purpose", "expiresAt",
                "expirationEvent", "signature", "signedAt", "representativeAuthority", "revocationStatement");
        for (Extension part : ext.getExtension()) {
            if (!known.contains(part.getUrl())) {
                errors.add(new Problem.FieldError(path + ".extension(" + part.getUrl() + ")",
                        "unknown element; allowed: " + String.join(", ", known)));
            }
        }
        return new AuthorizationElements(text(ext, "informationDescription", path, errors),
                text(ext, "discloser", path, errors), text(ext, "recipient", path, errors),
                text(ext, "purpose", path, errors), date(ext, "expiresAt", path, errors),
                text(ext, "expirationEvent", path, errors), text(ext, "signature", path, errors),
                date(ext, "signedAt", path, errors), text(ext, "representativeAuthority", path, errors),
                text(ext, "revocationStatement", path, errors));
    }

    private static String text(Extension parent, String name, String path, List<Problem.FieldError> errors) {
        Extension part = parent.getExtensionByUrl(name);
        if (part == null || part.getValue() == null) {
            return null;
        }
        if (!part.getValue().isPrimitive()) {
            errors.add(new Problem.FieldError(path + ".extension(" + name + ")", "must be a valueString"));
            return null;
        }
        String text = part.getValue().primitiveValue();
        String unstorable = NoNulStrings.refusal(text);
        if (unstorable != null) {
            errors.add(new Problem.FieldError(path + ".extension(" + name + ")", unstorable));
            return null;
        }
        return text;
    }

    private static Instant date(Extension parent, String name, String path, List<Problem.FieldError> errors) {
        Extension part = parent.getExtensionByUrl(name);
        if (part == null || part.getValue() == null) {
            return null;
        }
        Type value = part.getValue();
        if (!(value instanceof BaseDateTimeType dateTime)) {
            errors.add(new Problem.FieldError(path + ".extension(" + name + ")", "must be a valueDateTime"));
            return null;
        }
        return instant(dateTime);
    }

    /** The signed text travels as the attachment's data; a stated SHA-256 must match it. */
    private static String signedText(Consent consent, List<Problem.FieldError> errors) {
        if (!consent.hasSourceAttachment() || !consent.getSourceAttachment().hasData()) {
            errors.add(new Problem.FieldError("Consent.sourceAttachment.data", "is required: the text the patient "
                    + "saw and signed, base64 (Candor keeps its SHA-256)"));
            return null;
        }
        Attachment source = consent.getSourceAttachment();
        String text;
        try {
            // Not decoded leniently: a byte that is no UTF-8 would become U+FFFD, and the hash kept be of another text.
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(source.getData()))
                    .toString();
        } catch (CharacterCodingException e) {
            errors.add(new Problem.FieldError("Consent.sourceAttachment.data", "is not UTF-8 text"));
            return null;
        }
        String unstorable = NoNulStrings.refusal(text);
        if (unstorable != null) {
            errors.add(new Problem.FieldError("Consent.sourceAttachment.data", unstorable));
            return null;
        }
        Extension hash = source.getExtensionByUrl(FhirCodes.SIGNED_TEXT_SHA256_EXTENSION);
        if (hash != null && hash.getValue() != null && !DigestUtils.sha256Hex(text).equalsIgnoreCase(hash.getValue().primitiveValue())) {
            errors.add(new Problem.FieldError("Consent.sourceAttachment.extension("
                    + FhirCodes.SIGNED_TEXT_SHA256_EXTENSION + ")", "does not match the SHA-256 of the data"));
        }
        return text;
    }

    private static Instant instant(BaseDateTimeType value) {
        return value.getValue() == null ? null : value.getValue().toInstant();
    }

    private static void throwIfAny(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.stream()
                    .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }
}
