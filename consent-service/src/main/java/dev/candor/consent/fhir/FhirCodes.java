package dev.candor.consent.fhir;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.consent.domain.DirectiveKind;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The code systems and codes a Candor directive is exported with (and read back from). Candor's own systems live
 * under {@code https://candor.dev/fhir/}; the consent-service README lists them.
 */
public final class FhirCodes {

    private FhirCodes() {
    }

    public static final String FHIR_JSON = "application/fhir+json";

    // --- Candor's own code systems, extensions and identifier systems ---
    public static final String CANDOR = "https://candor.dev/fhir/";
    public static final String DATA_CATEGORY_SYSTEM = CANDOR + "CodeSystem/data-category";
    public static final String RECIPIENT_TYPE_SYSTEM = CANDOR + "CodeSystem/recipient-type";
    public static final String DIRECTIVE_KIND_SYSTEM = CANDOR + "CodeSystem/directive-kind";
    public static final String OBLIGATION_SYSTEM = CANDOR + "CodeSystem/obligation";
    public static final String PURPOSE_SYSTEM = Purpose.CANDOR_SYSTEM;
    /** Identifier system of recipient ids (insurers, clearinghouses, providers… as disclosing systems name them). */
    public static final String RECIPIENT_ID_SYSTEM = CANDOR + "NamingSystem/recipient";
    /** Identifier system of Candor patient ids (optional in a CDS Hooks request; no other system is accepted). */
    public static final String PATIENT_ID_SYSTEM = CANDOR + "NamingSystem/patient";
    /** Identifier system of Candor user names (who recorded a version). */
    public static final String USER_SYSTEM = CANDOR + "NamingSystem/user";
    /** Complex extension holding the 45 CFR 164.508(c) / 42 CFR 2.31(a) elements of a signed form. */
    public static final String AUTHORIZATION_EXTENSION = CANDOR + "StructureDefinition/authorization-elements";
    /** On {@code sourceAttachment}: the SHA-256 (hex) of the text the patient saw and signed. */
    public static final String SIGNED_TEXT_SHA256_EXTENSION = CANDOR + "StructureDefinition/signed-text-sha256";
    /** On a revoked (inactive) Consent: why it was revoked. */
    public static final String REVOCATION_REASON_EXTENSION = CANDOR + "StructureDefinition/revocation-reason";

    // --- HL7 and LOINC ---
    public static final String V3_ACT_REASON = Purpose.V3_SYSTEM;
    public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String V3_PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String CONSENT_POLICY = "http://terminology.hl7.org/CodeSystem/consentpolicycodes";
    public static final String CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction";
    public static final String LOINC = "http://loinc.org";
    public static final String LOINC_PATIENT_CONSENT = "59284-0";
    public static final String LOINC_RELEASE_OF_INFORMATION = "64292-6";

    /** A coding: system and code (and a display for export). */
    public record Code(String system, String code, String display) {
        boolean is(String otherSystem, String otherCode) {
            return system.equals(otherSystem) && code.equals(otherCode);
        }
    }

    /** The LOINC document category of a kind: a patient consent, or a release-of-information authorization. */
    static Code category(DirectiveKind kind) {
        return switch (kind) {
            case HIPAA_AUTHORIZATION, PSYCHOTHERAPY_NOTES_AUTHORIZATION ->
                    new Code(LOINC, LOINC_RELEASE_OF_INFORMATION, "Release of information consent");
            default -> new Code(LOINC, LOINC_PATIENT_CONSENT, "Patient Consent");
        };
    }

    /** The policy rule a kind follows. */
    static Code policyRule(DirectiveKind kind) {
        return switch (kind) {
            case GENERAL_CONSENT -> new Code(V3_ACT_CODE, "OPTIN", "opt-in");
            case HIPAA_AUTHORIZATION -> new Code(CONSENT_POLICY, "hipaa-auth", "HIPAA Authorization");
            case PSYCHOTHERAPY_NOTES_AUTHORIZATION -> new Code(V3_ACT_CODE, "HIPAAPsyNotes",
                    "HIPAA psychotherapy notes");
            case PART2_CONSENT -> new Code(V3_ACT_CODE, "42CFRPart2", "42 CFR Part2");
            case RESTRICTION -> new Code(CONSENT_POLICY, "hipaa-restrictions", "HIPAA Restrictions");
        };
    }

    /** The regulation a kind rests on, for {@code Consent.policy.uri}; null for a general consent. */
    static String regulation(DirectiveKind kind) {
        return switch (kind) {
            case GENERAL_CONSENT -> null;
            case HIPAA_AUTHORIZATION, PSYCHOTHERAPY_NOTES_AUTHORIZATION ->
                    "https://www.ecfr.gov/current/title-45/section-164.508";
            case PART2_CONSENT -> "https://www.ecfr.gov/current/title-42/section-2.31";
            case RESTRICTION -> "https://www.ecfr.gov/current/title-45/section-164.522";
        };
    }

    /** The kind an imported Consent's policy rule stands for, when it names no Candor kind itself. */
    static Optional<DirectiveKind> kindOfPolicyRule(String system, String code) {
        if (system == null || code == null) {
            return Optional.empty();
        }
        for (DirectiveKind kind : DirectiveKind.values()) {
            if (policyRule(kind).is(system, code)) {
                return Optional.of(kind);
            }
        }
        if (V3_ACT_CODE.equals(system) && Arrays.asList("OPTIN", "OPTINR", "OPTOUT", "OPTOUTE").contains(code)) {
            return Optional.of(DirectiveKind.GENERAL_CONSENT);
        }
        if (CONSENT_POLICY.equals(system) && "hipaa-self-pay".equals(code)) {
            return Optional.of(DirectiveKind.RESTRICTION);
        }
        return Optional.empty();
    }

    /** The kind a LOINC category stands for, when nothing more specific is said. */
    static Optional<DirectiveKind> kindOfCategory(String system, String code) {
        if (!LOINC.equals(system) || code == null) {
            return Optional.empty();
        }
        return switch (code) {
            case LOINC_PATIENT_CONSENT -> Optional.of(DirectiveKind.GENERAL_CONSENT);
            case LOINC_RELEASE_OF_INFORMATION -> Optional.of(DirectiveKind.HIPAA_AUTHORIZATION);
            default -> Optional.empty();
        };
    }

    static Code purpose(Purpose purpose) {
        return new Code(purpose.system(), purpose.name(), null);
    }

    /** A purpose coding as Candor knows it: a v3 PurposeOfUse code, or one of Candor's own in its system. */
    static Optional<Purpose> purposeOf(String system, String code) {
        return enumOf(Purpose.class, code).filter(p -> p.system().equals(system));
    }

    static Optional<DataCategory> categoryOf(String system, String code) {
        return DATA_CATEGORY_SYSTEM.equals(system) ? enumOf(DataCategory.class, code) : Optional.empty();
    }

    static Optional<RecipientType> recipientTypeOf(String code) {
        return enumOf(RecipientType.class, code);
    }

    static Optional<DirectiveKind> kindOf(String code) {
        return enumOf(DirectiveKind.class, code);
    }

    static String allowedPurposes() {
        return Arrays.stream(Purpose.values()).map(p -> p.system() + "|" + p.name())
                .collect(Collectors.joining(", "));
    }

    static <E extends Enum<E>> String allowed(String system, Class<E> type) {
        return system + "|" + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.joining(", "));
    }

    private static <E extends Enum<E>> Optional<E> enumOf(Class<E> type, String code) {
        if (code == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
