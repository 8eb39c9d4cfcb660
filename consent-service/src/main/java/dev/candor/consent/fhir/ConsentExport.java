package dev.candor.consent.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.consent.domain.AuthorizationElements;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveService;
import dev.candor.consent.domain.DirectiveStatus;
import dev.candor.consent.domain.Provision;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

/**
 * A directive version as a FHIR R4 {@code Consent}. The mapping table is in the consent-service README ("Standards").
 */
public final class ConsentExport {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private ConsentExport() {
    }

    /**
     * @param now to tell an expired authorization (status inactive) from one still in force
     */
    public static Consent toFhir(DirectiveService.Current current, Instant now) {
        DirectiveKind kind = current.directive().kind;
        Consent consent = new Consent();
        consent.setId(current.directive().id.toString());
        consent.getMeta().setVersionId(String.valueOf(current.version().version))
                .setLastUpdated(Date.from(current.version().recordedAt));
        consent.setStatus(status(current, now));
        consent.setScope(concept(FhirCodes.CONSENT_SCOPE, research(current.provisions()) ? "research"
                : "patient-privacy", null));
        FhirCodes.Code category = FhirCodes.category(kind);
        consent.addCategory(new CodeableConcept()
                .addCoding(coding(category))
                .addCoding(new Coding(FhirCodes.DIRECTIVE_KIND_SYSTEM, kind.name(), kind.describe())));
        consent.setPatient(new Reference("Patient/" + current.directive().subjectId));
        consent.setDateTimeElement(dateTime(current.version().recordedAt));
        consent.addPerformer(performer(current));
        consent.addOrganization(new Reference().setDisplay("Candor consent-service"));
        if (current.version().textSha256 != null) {
            Attachment source = new Attachment().setContentType("text/plain; charset=utf-8")
                    .setTitle("The text the patient saw and signed (Candor keeps only its SHA-256)");
            source.addExtension(FhirCodes.SIGNED_TEXT_SHA256_EXTENSION, new StringType(current.version().textSha256));
            consent.setSource(source);
        }
        String regulation = FhirCodes.regulation(kind);
        if (regulation != null) {
            consent.addPolicy().setAuthority("https://www.hhs.gov").setUri(regulation);
        }
        consent.setPolicyRule(new CodeableConcept(coding(FhirCodes.policyRule(kind))));
        if (current.authorization() != null) {
            consent.addExtension(authorization(current.authorization()));
        }
        if (current.version().revocationReason != null) {
            consent.addExtension(FhirCodes.REVOCATION_REASON_EXTENSION,
                    new StringType(current.version().revocationReason));
        }
        consent.setProvision(provisions(kind, current.provisions()));
        return consent;
    }

    private static Consent.ConsentState status(DirectiveService.Current current, Instant now) {
        if (current.version().status == DirectiveStatus.REVOKED) {
            return Consent.ConsentState.INACTIVE;
        }
        Instant expiresAt = current.version().expiresAt;
        return expiresAt != null && !expiresAt.isAfter(now) ? Consent.ConsentState.INACTIVE
                : Consent.ConsentState.ACTIVE;
    }

    /** A directive only about research (every provision's only purpose is HRESCH) has the research scope. */
    private static boolean research(List<Provision> provisions) {
        return !provisions.isEmpty() && provisions.stream().allMatch(p -> p.purposes().equals(Set.of(Purpose.HRESCH)));
    }

    private static Reference performer(DirectiveService.Current current) {
        if (Caller.PATIENT.equals(current.version().actorRole)) {
            return new Reference("Patient/" + current.directive().subjectId);
        }
        return new Reference().setType("RelatedPerson")
                .setIdentifier(new Identifier().setSystem(FhirCodes.USER_SYSTEM).setValue(current.version().recordedBy))
                .setDisplay(current.version().recordedBy + " (" + current.version().actorRole + ")");
    }

    /**
     * The root provision only says the base rule (deny when the directive grants something, permit for a
     * restriction or a directive that only denies); Candor's provisions are its nested provisions, in order.
     */
    private static Consent.ProvisionComponent provisions(DirectiveKind kind, List<Provision> provisions) {
        boolean grants = kind != DirectiveKind.RESTRICTION
                && provisions.stream().anyMatch(p -> p.effect() == Provision.Effect.PERMIT);
        Consent.ProvisionComponent root = new Consent.ProvisionComponent()
                .setType(grants ? Consent.ConsentProvisionType.DENY : Consent.ConsentProvisionType.PERMIT);
        for (Provision p : provisions) {
            root.addProvision(provision(p));
        }
        return root;
    }

    private static Consent.ProvisionComponent provision(Provision p) {
        Consent.ProvisionComponent fhir = new Consent.ProvisionComponent()
                .setType(p.effect() == Provision.Effect.PERMIT ? Consent.ConsentProvisionType.PERMIT
                        : Consent.ConsentProvisionType.DENY);
        if (p.validFrom() != null || p.validUntil() != null) {
            fhir.setPeriod(period(p.validFrom(), p.validUntil()));
        }
        if (p.dataPeriod() != null) {
            fhir.setDataPeriod(period(p.dataPeriod().start(), p.dataPeriod().end()));
        }
        p.recipientIds().stream().sorted().forEach(id -> fhir.addActor()
                .setRole(concept(FhirCodes.V3_PARTICIPATION_TYPE, "IRCP", "information recipient"))
                .setReference(new Reference().setIdentifier(
                        new Identifier().setSystem(FhirCodes.RECIPIENT_ID_SYSTEM).setValue(id))));
        p.recipientTypes().stream().sorted(Comparator.comparing(RecipientType::ordinal)).forEach(type -> fhir.addActor()
                .setRole(concept(FhirCodes.RECIPIENT_TYPE_SYSTEM, type.name(), null))
                .setReference(new Reference().setDisplay("any recipient of type " + type.name())));
        fhir.addAction(concept(FhirCodes.CONSENT_ACTION, "disclose", "Disclose"));
        p.purposes().stream().sorted(Comparator.comparing(Purpose::ordinal))
                .forEach(purpose -> fhir.addPurpose(coding(FhirCodes.purpose(purpose))));
        p.categories().stream().sorted(Comparator.comparing(DataCategory::ordinal))
                .forEach(category -> fhir.addClass_(new Coding(FhirCodes.DATA_CATEGORY_SYSTEM, category.name(), null)));
        return fhir;
    }

    /** A Candor period ({@code [start, end)}, open ends null) at millisecond precision. */
    private static Period period(Instant start, Instant end) {
        Period period = new Period();
        if (start != null) {
            period.setStartElement(dateTime(start));
        }
        if (end != null) {
            period.setEndElement(dateTime(end));
        }
        return period;
    }

    private static Extension authorization(AuthorizationElements a) {
        Extension ext = new Extension(FhirCodes.AUTHORIZATION_EXTENSION);
        text(ext, "informationDescription", a.informationDescription());
        text(ext, "discloser", a.discloser());
        text(ext, "recipient", a.recipient());
        text(ext, "purpose", a.purpose());
        if (a.expiresAt() != null) {
            ext.addExtension("expiresAt", dateTime(a.expiresAt()));
        }
        text(ext, "expirationEvent", a.expirationEvent());
        text(ext, "signature", a.signature());
        if (a.signedAt() != null) {
            ext.addExtension("signedAt", dateTime(a.signedAt()));
        }
        text(ext, "representativeAuthority", a.representativeAuthority());
        text(ext, "revocationStatement", a.revocationStatement());
        return ext;
    }

    private static void text(Extension parent, String name, String value) {
        if (value != null) {
            parent.addExtension(name, new StringType(value));
        }
    }

    static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.MILLI, UTC);
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    private static Coding coding(FhirCodes.Code code) {
        return new Coding(code.system(), code.code(), code.display());
    }
}
