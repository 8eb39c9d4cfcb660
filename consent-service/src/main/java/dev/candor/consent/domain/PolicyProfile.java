package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;

import java.util.EnumSet;
import java.util.Set;

/**
 * What needs consent when no directive speaks. Configured per deployment ({@code candor.consent.policy-profile}) and
 * overridable per subject (their jurisdiction). Three rules hold in every profile: psychotherapy notes need their own
 * authorization; rate negotiation and sale are never permitted without consent; break-glass emergency treatment by a
 * provider (with a stated reason) is permitted, time-limited and flagged for review.
 */
public enum PolicyProfile {

    /** HIPAA baseline: TPO without consent (not psychotherapy notes or SUD records), disclosures the law requires, the patient's own requests. */
    HIPAA("HIPAA baseline: treatment, payment and operations need no consent except for psychotherapy notes and "
            + "SUD records; legal, public-health and oversight disclosures are required by law; the patient's own "
            + "requests are honoured; everything else needs consent."),
    /** HIPAA, and 42 CFR Part 2 for SUD records: only a Part 2 consent releases them, for every purpose. */
    PART2("HIPAA, and 42 CFR Part 2 for SUD records: they need a Part 2 consent for every purpose except a medical "
            + "emergency (42 CFR 2.51) and the patient's own request; only a PART2_CONSENT directive releases them."),
    /** Washington My Health My Data Act: consent for anything beyond treatment and payment. */
    WA_MHMDA("Washington My Health My Data Act: consent is needed for anything beyond treatment and payment."),
    /** Consent for everything except treatment. */
    STRICT("Consent is needed for everything except treatment.");

    static final Set<Purpose> TPO = EnumSet.of(Purpose.TREAT, Purpose.HPAYMT, Purpose.HOPERAT);
    static final Set<Purpose> REQUIRED_BY_LAW = EnumSet.of(Purpose.HLEGAL, Purpose.PUBHLTH, Purpose.OVERSIGHT);
    static final Set<Purpose> NEVER_WITHOUT_CONSENT = EnumSet.of(Purpose.RATE_NEGOTIATION, Purpose.SALE);

    private final String summary;

    PolicyProfile(String summary) {
        this.summary = summary;
    }

    public String summary() {
        return summary;
    }

    /** What the profile says for one category when no directive speaks: a basis, or NONE (deny) with the reason. */
    public record Baseline(LegalBasis basis, String reason) {

        public boolean permits() {
            return basis != LegalBasis.NONE;
        }
    }

    /** Whether a PERMIT in a directive of this kind may release the category under this profile. */
    public boolean consentMayPermit(DirectiveKind kind, DataCategory category) {
        if (!kind.mayPermit(category)) {
            return false;
        }
        return this != PART2 || category != DataCategory.SUD_RECORDS || kind == DirectiveKind.PART2_CONSENT;
    }

    public Baseline baseline(DataCategory category, Purpose purpose, RecipientType recipientType) {
        if (category == DataCategory.PSYCHOTHERAPY_NOTES) {
            return deny("psychotherapy notes are released only by a psychotherapy-notes authorization "
                    + "(45 CFR 164.508(a)(2))");
        }
        if (NEVER_WITHOUT_CONSENT.contains(purpose)) {
            return deny(Purposes.describe(purpose) + " is never permitted without the subject's consent");
        }
        if (purpose == Purpose.ETREAT) {
            if (recipientType != RecipientType.PROVIDER) {
                return deny("break-glass covers emergency treatment by a provider only");
            }
            return new Baseline(LegalBasis.HIPAA_TPO, "break-glass emergency treatment with a stated reason"
                    + (category == DataCategory.SUD_RECORDS ? " (42 CFR 2.51 medical emergency)" : "")
                    + ": time-limited and flagged for review");
        }
        return switch (this) {
            case HIPAA -> hipaa(category, purpose);
            case PART2 -> category == DataCategory.SUD_RECORDS && purpose != Purpose.PATRQT
                    ? deny("under the PART2 profile SUD records need a 42 CFR Part 2 consent (42 CFR 2.31) for "
                    + Purposes.describe(purpose))
                    : hipaa(category, purpose);
            case WA_MHMDA -> purpose == Purpose.TREAT || purpose == Purpose.HPAYMT
                    ? hipaa(category, purpose)
                    : deny("the WA_MHMDA profile needs consent for anything beyond treatment and payment; "
                    + Purposes.describe(purpose) + " is beyond them");
            case STRICT -> purpose == Purpose.TREAT
                    ? hipaa(category, purpose)
                    : deny("the STRICT profile needs consent for everything except treatment");
        };
    }

    private static Baseline hipaa(DataCategory category, Purpose purpose) {
        if (TPO.contains(purpose)) {
            if (category == DataCategory.SUD_RECORDS) {
                return deny("SUD records (42 CFR Part 2) need consent, also for " + Purposes.describe(purpose));
            }
            return new Baseline(LegalBasis.HIPAA_TPO, "permitted without consent for " + Purposes.describe(purpose)
                    + " (HIPAA TPO, 45 CFR 164.506)");
        }
        if (REQUIRED_BY_LAW.contains(purpose)) {
            return new Baseline(LegalBasis.REQUIRED_BY_LAW, "permitted without consent for "
                    + Purposes.describe(purpose) + " (45 CFR 164.512)");
        }
        if (purpose == Purpose.PATRQT) {
            return new Baseline(LegalBasis.PATIENT_REQUEST, "permitted as the subject's own request (45 CFR 164.524)");
        }
        return deny("no directive permits it and " + Purposes.describe(purpose) + " needs consent");
    }

    private static Baseline deny(String reason) {
        return new Baseline(LegalBasis.NONE, reason);
    }
}
