package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.candor.common.vocabulary.DataCategory.BILLING_CODES;
import static dev.candor.common.vocabulary.DataCategory.CLINICAL_NOTES;
import static dev.candor.common.vocabulary.DataCategory.DEMOGRAPHICS;
import static dev.candor.common.vocabulary.DataCategory.DIAGNOSIS;
import static dev.candor.common.vocabulary.DataCategory.PRACTICE_PATTERNS;
import static dev.candor.common.vocabulary.DataCategory.PSYCHOTHERAPY_NOTES;
import static dev.candor.common.vocabulary.DataCategory.SESSION_DATES;
import static dev.candor.common.vocabulary.DataCategory.SESSION_DURATION;
import static dev.candor.common.vocabulary.DataCategory.SESSION_FREQUENCY;
import static dev.candor.common.vocabulary.DataCategory.SUD_RECORDS;
import static dev.candor.common.vocabulary.DataCategory.TREATMENT_PLAN;
import static dev.candor.common.vocabulary.LegalBasis.CONSENT;
import static dev.candor.common.vocabulary.LegalBasis.HIPAA_TPO;
import static dev.candor.common.vocabulary.LegalBasis.NONE;
import static dev.candor.common.vocabulary.LegalBasis.PATIENT_REQUEST;
import static dev.candor.common.vocabulary.LegalBasis.REQUIRED_BY_LAW;
import static dev.candor.common.vocabulary.Purpose.ETREAT;
import static dev.candor.common.vocabulary.Purpose.HLEGAL;
import static dev.candor.common.vocabulary.Purpose.HMARKT;
import static dev.candor.common.vocabulary.Purpose.HOPERAT;
import static dev.candor.common.vocabulary.Purpose.HPAYMT;
import static dev.candor.common.vocabulary.Purpose.HRESCH;
import static dev.candor.common.vocabulary.Purpose.HSYSADMIN;
import static dev.candor.common.vocabulary.Purpose.OVERSIGHT;
import static dev.candor.common.vocabulary.Purpose.PATRQT;
import static dev.candor.common.vocabulary.Purpose.PUBHLTH;
import static dev.candor.common.vocabulary.Purpose.RATE_NEGOTIATION;
import static dev.candor.common.vocabulary.Purpose.SALE;
import static dev.candor.common.vocabulary.Purpose.TREAT;
import static dev.candor.consent.domain.DirectiveKind.GENERAL_CONSENT;
import static dev.candor.consent.domain.DirectiveKind.HIPAA_AUTHORIZATION;
import static dev.candor.consent.domain.DirectiveKind.PART2_CONSENT;
import static dev.candor.consent.domain.DirectiveKind.PSYCHOTHERAPY_NOTES_AUTHORIZATION;
import static dev.candor.consent.domain.DirectiveKind.RESTRICTION;
import static dev.candor.consent.domain.PolicyProfile.HIPAA;
import static dev.candor.consent.domain.PolicyProfile.PART2;
import static dev.candor.consent.domain.PolicyProfile.STRICT;
import static dev.candor.consent.domain.PolicyProfile.WA_MHMDA;
import static dev.candor.consent.domain.Provision.Effect.DENY;
import static dev.candor.consent.domain.Provision.Effect.PERMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The decision table of the engine: every rule, and how the rules interact, as rows of directives × profile ×
 * request → expected decision. Plain JUnit: the evaluator is a pure function.
 */
class DecisionTableTest {

    static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant BEFORE = T.minus(Duration.ofDays(30));

    static final SubjectRef ALICE = new SubjectRef(SubjectType.PATIENT, "pat-alice");
    static final SubjectRef BOB = new SubjectRef(SubjectType.PATIENT, "pat-bob");
    static final SubjectRef TOM = new SubjectRef(SubjectType.PROVIDER, "prov-tom");

    static final Recipient ACME = new Recipient("ins-acme", RecipientType.INSURER);
    static final Recipient OTHER_INSURER = new Recipient("ins-other", RecipientType.INSURER);
    static final Recipient ER = new Recipient("prov-er", RecipientType.PROVIDER);
    static final Recipient TESS = new Recipient("prov-tess", RecipientType.PROVIDER);
    static final Recipient BROKER = new Recipient("broker-x", RecipientType.DATA_BROKER);
    static final Recipient OCR = new Recipient("hhs-ocr", RecipientType.GOVERNMENT);
    static final Recipient LAB = new Recipient("uni-lab", RecipientType.RESEARCHER);

    // --- the main story of DESIGN.md: Alice's consent ---------------------------------------------------------
    static final DirectiveSnapshot ALICE_CONSENT = directive(GENERAL_CONSENT,
            permit(Set.of("ins-acme"), Set.of(), Set.of(BILLING_CODES, SESSION_DATES), Set.of(HPAYMT)),
            deny(Set.of(), Set.of(RecipientType.INSURER, RecipientType.CLEARINGHOUSE, RecipientType.RESEARCHER,
                            RecipientType.DATA_BROKER, RecipientType.OTHER),
                    Set.of(SESSION_FREQUENCY, SESSION_DURATION),
                    Set.of(HOPERAT, HRESCH, HMARKT, RATE_NEGOTIATION, SALE)));

    // --- other directives the table uses -----------------------------------------------------------------------
    static final DirectiveSnapshot RESEARCH_OK = directive(GENERAL_CONSENT,
            permit(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH)));
    static final DirectiveSnapshot RESEARCH_NO = directive(GENERAL_CONSENT,
            deny(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH)));
    static final DirectiveSnapshot LAB_YES_RESEARCHERS_NO = directive(GENERAL_CONSENT,
            permit(Set.of("uni-lab"), Set.of(), Set.of(DIAGNOSIS), Set.of(HRESCH)),
            deny(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH)));
    static final DirectiveSnapshot SELF_PAY_RESTRICTION = directive(RESTRICTION,
            deny(Set.of(), Set.of(RecipientType.INSURER), Set.of(BILLING_CODES, SESSION_DATES, DIAGNOSIS),
                    Set.of(HPAYMT, HOPERAT)));
    static final DirectiveSnapshot DURATION_RESTRICTION = directive(RESTRICTION,
            deny(Set.of(), Set.of(RecipientType.INSURER), Set.of(SESSION_DURATION), Set.of(HPAYMT)));
    static final DirectiveSnapshot PN_AUTH_TESS = directive(PSYCHOTHERAPY_NOTES_AUTHORIZATION,
            permit(Set.of("prov-tess"), Set.of(), Set.of(PSYCHOTHERAPY_NOTES), Set.of(TREAT)));
    static final DirectiveSnapshot PN_IN_GENERAL_CONSENT = directive(GENERAL_CONSENT,
            permit(Set.of("prov-tess"), Set.of(), Set.of(PSYCHOTHERAPY_NOTES), Set.of(TREAT)));
    static final DirectiveSnapshot RATE_AUTH_ACME = directive(HIPAA_AUTHORIZATION,
            permit(Set.of("ins-acme"), Set.of(), Set.of(PRACTICE_PATTERNS, SESSION_FREQUENCY), Set.of(RATE_NEGOTIATION)));
    static final DirectiveSnapshot SALE_CONSENT = directive(GENERAL_CONSENT,
            permit(Set.of(), Set.of(RecipientType.DATA_BROKER), Set.of(DEMOGRAPHICS), Set.of(SALE)));
    static final DirectiveSnapshot SUD_GENERAL = directive(GENERAL_CONSENT,
            permit(Set.of(), Set.of(RecipientType.PROVIDER, RecipientType.INSURER), Set.of(SUD_RECORDS),
                    Set.of(TREAT, HPAYMT)));
    static final DirectiveSnapshot SUD_PART2 = directive(PART2_CONSENT,
            permit(Set.of(), Set.of(RecipientType.PROVIDER), Set.of(SUD_RECORDS), Set.of(TREAT)));
    static final DirectiveSnapshot OPERATIONS_OK = directive(GENERAL_CONSENT,
            permit(Set.of("ins-acme"), Set.of(), Set.of(TREATMENT_PLAN), Set.of(HOPERAT)));
    static final DirectiveSnapshot NO_EMERGENCY_ACCESS = directive(GENERAL_CONSENT,
            deny(Set.of(), Set.of(RecipientType.PROVIDER), Set.of(CLINICAL_NOTES), Set.of(ETREAT)));
    static final DirectiveSnapshot NO_TREATMENT_SHARING = directive(GENERAL_CONSENT,
            deny(Set.of(), Set.of(RecipientType.PROVIDER), Set.of(CLINICAL_NOTES), Set.of(TREAT)));

    static final DirectiveSnapshot ALICE_CONSENT_REVOKED = new DirectiveSnapshot(ALICE_CONSENT.directiveId(), 2,
            GENERAL_CONSENT, DirectiveStatus.REVOKED, BEFORE.plusSeconds(60), null, ALICE_CONSENT.provisions());
    static final DirectiveSnapshot RATE_AUTH_EXPIRED = new DirectiveSnapshot(UUID.randomUUID(), 1, HIPAA_AUTHORIZATION,
            DirectiveStatus.ACTIVE, BEFORE, T.minusSeconds(1), RATE_AUTH_ACME.provisions());
    static final DirectiveSnapshot RATE_AUTH_NOT_YET_RECORDED = new DirectiveSnapshot(UUID.randomUUID(), 1,
            HIPAA_AUTHORIZATION, DirectiveStatus.ACTIVE, T.plusSeconds(1), null, RATE_AUTH_ACME.provisions());
    static final DirectiveSnapshot RATE_AUTH_PERIOD_OVER = directive(HIPAA_AUTHORIZATION,
            new Provision(PERMIT, Set.of("ins-acme"), Set.of(), Set.of(PRACTICE_PATTERNS), Set.of(RATE_NEGOTIATION),
                    BEFORE, T));
    static final DirectiveSnapshot RATE_AUTH_PERIOD_AHEAD = directive(HIPAA_AUTHORIZATION,
            new Provision(PERMIT, Set.of("ins-acme"), Set.of(), Set.of(PRACTICE_PATTERNS), Set.of(RATE_NEGOTIATION),
                    T.plusSeconds(1), null));
    static final DirectiveSnapshot RATE_AUTH_PERIOD_NOW = directive(HIPAA_AUTHORIZATION,
            new Provision(PERMIT, Set.of("ins-acme"), Set.of(), Set.of(PRACTICE_PATTERNS), Set.of(RATE_NEGOTIATION),
                    T, T.plusSeconds(1)));

    // --- data periods: which data a provision is about (not when it may be disclosed) ---------------------------
    static final Instant Y2023 = Instant.parse("2023-01-01T00:00:00Z");
    static final Instant Y2024 = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant Y2025 = Instant.parse("2025-01-01T00:00:00Z");
    static final DataPeriod YEAR_2023 = new DataPeriod(Y2023, Y2024);
    static final DataPeriod YEAR_2024 = new DataPeriod(Y2024, Y2025);
    static final DataPeriod SPRING_2024 = new DataPeriod(Instant.parse("2024-03-01T00:00:00Z"),
            Instant.parse("2024-06-01T00:00:00Z"));
    static final DataPeriod YEAR_END_2024 = new DataPeriod(Instant.parse("2024-12-01T00:00:00Z"),
            Instant.parse("2025-02-01T00:00:00Z"));
    static final DataPeriod NEW_YEAR_2024 = new DataPeriod(Instant.parse("2023-12-01T00:00:00Z"),
            Instant.parse("2024-02-01T00:00:00Z"));
    static final DataPeriod UNTIL_SUMMER_2024 = new DataPeriod(null, Instant.parse("2024-06-01T00:00:00Z"));
    static final DataPeriod FROM_2024 = new DataPeriod(Y2024, null);

    /** "Researchers may have my 2024 diagnoses" — and nothing about other years. */
    static final DirectiveSnapshot RESEARCH_2024_ONLY = directive(GENERAL_CONSENT,
            permit(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH), YEAR_2024));
    /** "Researchers may have my diagnoses, but not those of 2023" (the year of my crisis). */
    static final DirectiveSnapshot RESEARCH_BUT_NOT_2023 = directive(GENERAL_CONSENT,
            permit(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH), null),
            deny(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH), YEAR_2023));
    /** "Everything from 2024 on" — a data period open at its end. */
    static final DirectiveSnapshot RESEARCH_FROM_2024 = directive(GENERAL_CONSENT,
            permit(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH), FROM_2024));
    /** Self-paid sessions of 2024 never to the plan (164.522(a)(1)(vi)); later ones were billed to it. */
    static final DirectiveSnapshot SELF_PAY_2024 = directive(RESTRICTION,
            deny(Set.of(), Set.of(RecipientType.INSURER), Set.of(BILLING_CODES), Set.of(HPAYMT), YEAR_2024));
    static final DirectiveSnapshot PN_AUTH_TESS_2024 = directive(PSYCHOTHERAPY_NOTES_AUTHORIZATION,
            permit(Set.of("prov-tess"), Set.of(), Set.of(PSYCHOTHERAPY_NOTES), Set.of(TREAT), YEAR_2024));
    /** A 2024-only permit and a permit of all data, for the same thing: the broader one decides. */
    static final DirectiveSnapshot RESEARCH_2024_AND_ALL = directive(GENERAL_CONSENT,
            permit(Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH), YEAR_2024),
            permit(Set.of("uni-lab"), Set.of(), Set.of(DIAGNOSIS), Set.of(HRESCH), null));
    /** A data period does not stretch a provision's validity: this one stopped speaking before T. */
    static final DirectiveSnapshot RESEARCH_2024_VALIDITY_OVER = directive(GENERAL_CONSENT,
            new Provision(PERMIT, Set.of(), Set.of(RecipientType.RESEARCHER), Set.of(DIAGNOSIS), Set.of(HRESCH),
                    BEFORE, T, YEAR_2024));

    final DecisionEvaluator evaluator = new DecisionEvaluator();

    static Stream<Case> table() {
        return Stream.of(
                // The main story
                row("story: Alice's claim to her insurer is permitted by her consent").subject(ALICE)
                        .directives(ALICE_CONSENT).ask(ACME, HPAYMT, BILLING_CODES, SESSION_DATES)
                        .expect(PERMIT, CONSENT).permitted(BILLING_CODES, SESSION_DATES)
                        .implied(SESSION_FREQUENCY, SESSION_DURATION)
                        .category(BILLING_CODES, PERMIT, CONSENT).category(SESSION_DATES, PERMIT, CONSENT)
                        .category(SESSION_FREQUENCY, PERMIT, HIPAA_TPO).category(SESSION_DURATION, PERMIT, HIPAA_TPO)
                        .restsOn(ALICE_CONSENT),
                row("story: the rate-negotiation dataset to the insurer is denied for Alice").subject(ALICE)
                        .directives(ALICE_CONSENT)
                        .ask(ACME, RATE_NEGOTIATION, SESSION_FREQUENCY, SESSION_DURATION, PRACTICE_PATTERNS)
                        .expect(DENY, NONE).permitted()
                        .category(SESSION_FREQUENCY, DENY, NONE).category(SESSION_DURATION, DENY, NONE)
                        .category(PRACTICE_PATTERNS, DENY, NONE).restsOn(ALICE_CONSENT),
                row("story: the rate-negotiation dataset is denied for therapist Tom (no directive)").subject(TOM)
                        .ask(ACME, RATE_NEGOTIATION, PRACTICE_PATTERNS).expect(DENY, NONE).permitted(),
                row("story: the same claim without any consent rests on HIPAA TPO").subject(ALICE)
                        .ask(ACME, HPAYMT, BILLING_CODES, SESSION_DATES).expect(PERMIT, HIPAA_TPO)
                        .permitted(BILLING_CODES, SESSION_DATES),
                row("story: dates for operations reveal frequency, which Alice denied").subject(ALICE)
                        .directives(ALICE_CONSENT).ask(ACME, HOPERAT, SESSION_DATES).expect(DENY, NONE).permitted()
                        .category(SESSION_DATES, DENY, NONE).category(SESSION_FREQUENCY, DENY, NONE),
                row("story: billing codes for operations reveal duration, which Alice denied").subject(ALICE)
                        .directives(ALICE_CONSENT).ask(ACME, HOPERAT, BILLING_CODES, DIAGNOSIS).expect(DENY, NONE)
                        .permitted(DIAGNOSIS).category(DIAGNOSIS, PERMIT, HIPAA_TPO)
                        .category(BILLING_CODES, DENY, NONE).obligation(Obligation.Code.MINIMUM_NECESSARY),
                row("story: Alice's PERMIT names ins-acme only; another insurer gets the claim under TPO")
                        .subject(ALICE).directives(ALICE_CONSENT).ask(OTHER_INSURER, HPAYMT, BILLING_CODES)
                        .expect(PERMIT, HIPAA_TPO).category(BILLING_CODES, PERMIT, HIPAA_TPO),

                // An explicit DENY beats a PERMIT
                row("deny beats permit across directives").directives(RESEARCH_OK, RESEARCH_NO)
                        .ask(LAB, HRESCH, DIAGNOSIS).expect(DENY, NONE).restsOn(RESEARCH_NO).unappliedPermit(),
                row("deny beats permit whichever comes first").directives(RESEARCH_NO, RESEARCH_OK)
                        .ask(LAB, HRESCH, DIAGNOSIS).expect(DENY, NONE).restsOn(RESEARCH_NO),
                row("deny by recipient type beats permit by recipient id in one directive")
                        .directives(LAB_YES_RESEARCHERS_NO).ask(LAB, HRESCH, DIAGNOSIS).expect(DENY, NONE),
                row("a permit alone decides by consent").directives(RESEARCH_OK).ask(LAB, HRESCH, DIAGNOSIS)
                        .expect(PERMIT, CONSENT).restsOn(RESEARCH_OK),

                // A restriction beats TPO
                row("restriction (self-pay) beats TPO payment").directives(SELF_PAY_RESTRICTION)
                        .ask(ACME, HPAYMT, BILLING_CODES, SESSION_DATES).expect(DENY, NONE).permitted()
                        .restsOn(SELF_PAY_RESTRICTION),
                row("restriction beats a consent's permit").directives(ALICE_CONSENT, SELF_PAY_RESTRICTION)
                        .ask(ACME, HPAYMT, BILLING_CODES).expect(DENY, NONE).restsOn(SELF_PAY_RESTRICTION),
                row("restriction on the plan leaves treatment by providers alone").directives(SELF_PAY_RESTRICTION)
                        .ask(ER, TREAT, DIAGNOSIS).expect(PERMIT, HIPAA_TPO),
                row("restriction on duration blocks billing codes by implication, not dates")
                        .directives(DURATION_RESTRICTION).ask(ACME, HPAYMT, BILLING_CODES, SESSION_DATES)
                        .expect(DENY, NONE).permitted(SESSION_DATES).category(BILLING_CODES, DENY, NONE)
                        .category(SESSION_DATES, PERMIT, HIPAA_TPO).category(SESSION_DURATION, DENY, NONE),

                // Psychotherapy notes need their own authorization
                row("psychotherapy notes are not TPO").ask(TESS, TREAT, PSYCHOTHERAPY_NOTES).expect(DENY, NONE),
                row("psychotherapy notes with their own authorization").directives(PN_AUTH_TESS)
                        .ask(TESS, TREAT, PSYCHOTHERAPY_NOTES).expect(PERMIT, CONSENT).restsOn(PN_AUTH_TESS),
                row("psychotherapy notes: a general consent cannot release them").directives(PN_IN_GENERAL_CONSENT)
                        .ask(TESS, TREAT, PSYCHOTHERAPY_NOTES).expect(DENY, NONE).unappliedPermit()
                        .reasonContains("cannot release it"),
                row("psychotherapy-notes authorization is for its purpose only").directives(PN_AUTH_TESS)
                        .ask(TESS, HPAYMT, PSYCHOTHERAPY_NOTES).expect(DENY, NONE),
                row("psychotherapy-notes authorization is for its recipient only").directives(PN_AUTH_TESS)
                        .ask(ER, TREAT, PSYCHOTHERAPY_NOTES).expect(DENY, NONE),
                row("notes by authorization plus diagnosis by TPO: basis CONSENT").directives(PN_AUTH_TESS)
                        .ask(TESS, TREAT, PSYCHOTHERAPY_NOTES, DIAGNOSIS).expect(PERMIT, CONSENT)
                        .category(DIAGNOSIS, PERMIT, HIPAA_TPO).category(PSYCHOTHERAPY_NOTES, PERMIT, CONSENT),
                row("psychotherapy notes are not opened by break-glass").ask(ER, ETREAT, PSYCHOTHERAPY_NOTES, DIAGNOSIS)
                        .reason("unconscious patient").expect(DENY, NONE).permitted(DIAGNOSIS)
                        .category(PSYCHOTHERAPY_NOTES, DENY, NONE).breakGlass(),
                row("psychotherapy notes are not released for legal proceedings without authorization")
                        .ask(OCR, HLEGAL, PSYCHOTHERAPY_NOTES).expect(DENY, NONE),

                // Rate negotiation and sale never without consent
                row("sale without consent").ask(BROKER, SALE, DEMOGRAPHICS).expect(DENY, NONE),
                row("sale with consent").directives(SALE_CONSENT).ask(BROKER, SALE, DEMOGRAPHICS)
                        .expect(PERMIT, CONSENT),
                row("rate negotiation with an authorization naming the insurer").subject(TOM)
                        .directives(RATE_AUTH_ACME).ask(ACME, RATE_NEGOTIATION, PRACTICE_PATTERNS)
                        .expect(PERMIT, CONSENT),
                row("rate negotiation: the authorization does not cover another insurer").subject(TOM)
                        .directives(RATE_AUTH_ACME).ask(OTHER_INSURER, RATE_NEGOTIATION, PRACTICE_PATTERNS)
                        .expect(DENY, NONE),
                row("sale under STRICT with consent: consent decides before the profile").profile(STRICT)
                        .directives(SALE_CONSENT).ask(BROKER, SALE, DEMOGRAPHICS).expect(PERMIT, CONSENT),

                // HIPAA baseline
                row("HIPAA: treatment").ask(ER, TREAT, DIAGNOSIS, CLINICAL_NOTES).expect(PERMIT, HIPAA_TPO),
                row("HIPAA: operations").ask(ACME, HOPERAT, TREATMENT_PLAN).expect(PERMIT, HIPAA_TPO),
                row("HIPAA: SUD records are not TPO").ask(ACME, HPAYMT, SUD_RECORDS).expect(DENY, NONE),
                row("HIPAA: SUD records with a general consent").directives(SUD_GENERAL)
                        .ask(ER, TREAT, SUD_RECORDS).expect(PERMIT, CONSENT)
                        .obligation(Obligation.Code.PART2_REDISCLOSURE_NOTICE),
                row("HIPAA: legal proceedings").ask(OCR, HLEGAL, CLINICAL_NOTES).expect(PERMIT, REQUIRED_BY_LAW),
                row("HIPAA: public health").ask(OCR, PUBHLTH, DIAGNOSIS).expect(PERMIT, REQUIRED_BY_LAW),
                row("HIPAA: oversight").ask(OCR, OVERSIGHT, BILLING_CODES).expect(PERMIT, REQUIRED_BY_LAW)
                        .implied(SESSION_DURATION),
                row("HIPAA: SUD records for legal proceedings").ask(OCR, HLEGAL, SUD_RECORDS)
                        .expect(PERMIT, REQUIRED_BY_LAW),
                row("HIPAA: the patient's own request").ask(TESS, PATRQT, CLINICAL_NOTES)
                        .expect(PERMIT, PATIENT_REQUEST),
                row("HIPAA: research needs consent").ask(LAB, HRESCH, DIAGNOSIS).expect(DENY, NONE),
                row("HIPAA: marketing needs consent").ask(BROKER, HMARKT, DEMOGRAPHICS).expect(DENY, NONE),
                row("HIPAA: system administration needs consent").ask(OCR, HSYSADMIN, DEMOGRAPHICS)
                        .expect(DENY, NONE),
                row("HIPAA: a consent for operations gives basis CONSENT rather than TPO").directives(OPERATIONS_OK)
                        .ask(ACME, HOPERAT, TREATMENT_PLAN).expect(PERMIT, CONSENT),

                // PART2
                row("PART2: SUD records for treatment need consent").profile(PART2).ask(ER, TREAT, SUD_RECORDS)
                        .expect(DENY, NONE),
                row("PART2: a general consent cannot release SUD records").profile(PART2).directives(SUD_GENERAL)
                        .ask(ER, TREAT, SUD_RECORDS).expect(DENY, NONE).unappliedPermit(),
                row("PART2: a Part 2 consent releases SUD records, with the re-disclosure notice").profile(PART2)
                        .directives(SUD_PART2).ask(ER, TREAT, SUD_RECORDS).expect(PERMIT, CONSENT)
                        .obligation(Obligation.Code.PART2_REDISCLOSURE_NOTICE),
                row("PART2: SUD records for legal proceedings need consent").profile(PART2)
                        .ask(OCR, HLEGAL, SUD_RECORDS).expect(DENY, NONE),
                row("PART2: the patient's own request for SUD records").profile(PART2)
                        .ask(TESS, PATRQT, SUD_RECORDS).expect(PERMIT, PATIENT_REQUEST),
                row("PART2: other categories follow HIPAA").profile(PART2).ask(ER, TREAT, DIAGNOSIS)
                        .expect(PERMIT, HIPAA_TPO),

                // WA_MHMDA
                row("WA_MHMDA: payment").profile(WA_MHMDA).ask(ACME, HPAYMT, BILLING_CODES)
                        .expect(PERMIT, HIPAA_TPO).implied(SESSION_DURATION),
                row("WA_MHMDA: operations need consent").profile(WA_MHMDA).ask(ACME, HOPERAT, TREATMENT_PLAN)
                        .expect(DENY, NONE),
                row("WA_MHMDA: public health needs consent").profile(WA_MHMDA).ask(OCR, PUBHLTH, DIAGNOSIS)
                        .expect(DENY, NONE),
                row("WA_MHMDA: operations with consent").profile(WA_MHMDA).directives(OPERATIONS_OK)
                        .ask(ACME, HOPERAT, TREATMENT_PLAN).expect(PERMIT, CONSENT),

                // STRICT
                row("STRICT: treatment").profile(STRICT).ask(ER, TREAT, DIAGNOSIS).expect(PERMIT, HIPAA_TPO),
                row("STRICT: payment needs consent").profile(STRICT).ask(ACME, HPAYMT, BILLING_CODES)
                        .expect(DENY, NONE),
                row("STRICT: even the patient's own request needs consent").profile(STRICT)
                        .ask(TESS, PATRQT, CLINICAL_NOTES).expect(DENY, NONE),
                row("STRICT: consent for dates is not enough when the implied frequency needs consent too").profile(STRICT)
                        .directives(ALICE_CONSENT).ask(ACME, HPAYMT, SESSION_DATES).expect(DENY, NONE)
                        .category(SESSION_DATES, DENY, NONE).category(SESSION_FREQUENCY, DENY, NONE),

                // Break-glass
                row("break-glass: emergency treatment by a provider, time-limited, flagged")
                        .ask(ER, ETREAT, DIAGNOSIS, CLINICAL_NOTES).reason("unconscious in the ER")
                        .expect(PERMIT, HIPAA_TPO).breakGlass().obligation(Obligation.Code.BREAK_GLASS_REVIEW),
                row("break-glass: not for an insurer").ask(ACME, ETREAT, DIAGNOSIS).reason("claims emergency")
                        .expect(DENY, NONE),
                row("break-glass: also under STRICT").profile(STRICT).ask(ER, ETREAT, DIAGNOSIS).reason("overdose")
                        .expect(PERMIT, HIPAA_TPO).breakGlass(),
                row("break-glass: SUD records in a medical emergency (42 CFR 2.51)").profile(PART2)
                        .ask(ER, ETREAT, SUD_RECORDS).reason("overdose").expect(PERMIT, HIPAA_TPO).breakGlass()
                        .obligation(Obligation.Code.PART2_REDISCLOSURE_NOTICE),
                row("break-glass: an explicit DENY naming ETREAT still wins").directives(NO_EMERGENCY_ACCESS)
                        .ask(ER, ETREAT, CLINICAL_NOTES).reason("unconscious").expect(DENY, NONE),
                row("break-glass: a DENY for TREAT does not speak to ETREAT").directives(NO_TREATMENT_SHARING)
                        .ask(ER, ETREAT, CLINICAL_NOTES).reason("unconscious").expect(PERMIT, HIPAA_TPO).breakGlass(),
                row("a DENY for TREAT beats treatment TPO").directives(NO_TREATMENT_SHARING)
                        .ask(ER, TREAT, CLINICAL_NOTES).expect(DENY, NONE),

                // Lifecycle: only what is in force at the time decides
                row("a revoked consent no longer denies").subject(ALICE).directives(ALICE_CONSENT_REVOKED)
                        .ask(ACME, HOPERAT, SESSION_DATES).expect(PERMIT, HIPAA_TPO),
                row("a revoked consent no longer permits").subject(ALICE).directives(ALICE_CONSENT_REVOKED)
                        .ask(ACME, HPAYMT, BILLING_CODES).expect(PERMIT, HIPAA_TPO),
                row("an expired authorization no longer permits").subject(TOM).directives(RATE_AUTH_EXPIRED)
                        .ask(ACME, RATE_NEGOTIATION, PRACTICE_PATTERNS).expect(DENY, NONE),
                row("a version recorded after the time asked about is not in force").subject(TOM)
                        .directives(RATE_AUTH_NOT_YET_RECORDED).ask(ACME, RATE_NEGOTIATION, PRACTICE_PATTERNS)
                        .expect(DENY, NONE),
                row("a provision whose period ended (exclusive end) no longer speaks").subject(TOM)
                        .directives(RATE_AUTH_PERIOD_OVER).ask(ACME, RATE_NEGOTIATION, PRACTICE_PATTERNS)
                        .expect(DENY, NONE),
                row("a provision whose period has not begun does not speak").subject(TOM)
                        .directives(RATE_AUTH_PERIOD_AHEAD).ask(ACME, RATE_NEGOTIATION, PRACTICE_PATTERNS)
                        .expect(DENY, NONE),
                row("a provision speaks from the first instant of its period").subject(TOM)
                        .directives(RATE_AUTH_PERIOD_NOW).ask(ACME, RATE_NEGOTIATION, PRACTICE_PATTERNS)
                        .expect(PERMIT, CONSENT),

                // Implications
                row("dates imply frequency, shown as implied").subject(ALICE).directives(ALICE_CONSENT)
                        .ask(ACME, HPAYMT, SESSION_DATES).expect(PERMIT, CONSENT).implied(SESSION_FREQUENCY),
                row("a category asked for is not listed as implied").ask(ACME, HPAYMT, SESSION_DATES, SESSION_FREQUENCY)
                        .expect(PERMIT, HIPAA_TPO).implied(),
                row("an implied category permitted by consent does not let the asking category out").subject(TOM)
                        .directives(RATE_AUTH_ACME).ask(ACME, RATE_NEGOTIATION, SESSION_DATES)
                        .expect(DENY, NONE).category(SESSION_FREQUENCY, PERMIT, CONSENT)
                        .category(SESSION_DATES, DENY, NONE),

                // Data periods: a PERMIT speaks only for data entirely within its period ...
                row("data period: a 2024-only permit covers data from within 2024").directives(RESEARCH_2024_ONLY)
                        .ask(LAB, HRESCH, DIAGNOSIS).data(SPRING_2024).expect(PERMIT, CONSENT)
                        .restsOn(RESEARCH_2024_ONLY).reasonContains("for data in " + YEAR_2024),
                row("data period: the whole period, start inclusive and end exclusive").directives(RESEARCH_2024_ONLY)
                        .ask(LAB, HRESCH, DIAGNOSIS).data(YEAR_2024).expect(PERMIT, CONSENT),
                row("data period: data reaching past the permit's period is not covered")
                        .directives(RESEARCH_2024_ONLY).ask(LAB, HRESCH, DIAGNOSIS).data(YEAR_END_2024)
                        .expect(DENY, NONE).reasonContains("permits it only for data in " + YEAR_2024),
                row("data period: data of another year is not covered").directives(RESEARCH_2024_ONLY)
                        .ask(LAB, HRESCH, DIAGNOSIS).data(YEAR_2023).expect(DENY, NONE),
                row("data period: a request open at its start is not within a bounded permit")
                        .directives(RESEARCH_2024_ONLY).ask(LAB, HRESCH, DIAGNOSIS).data(UNTIL_SUMMER_2024)
                        .expect(DENY, NONE),
                row("data period: a request that does not say its data's period is not covered by a limited permit")
                        .directives(RESEARCH_2024_ONLY).ask(LAB, HRESCH, DIAGNOSIS).expect(DENY, NONE)
                        .reasonContains("the request states no data period"),
                row("data period: a permit open at its end covers data from its start on")
                        .directives(RESEARCH_FROM_2024).ask(LAB, HRESCH, DIAGNOSIS).data(YEAR_END_2024)
                        .expect(PERMIT, CONSENT),
                row("data period: a permit open at its end does not cover earlier data")
                        .directives(RESEARCH_FROM_2024).ask(LAB, HRESCH, DIAGNOSIS).data(NEW_YEAR_2024)
                        .expect(DENY, NONE),
                row("data period: a provision without one covers data of any period").subject(ALICE)
                        .directives(ALICE_CONSENT).ask(ACME, HPAYMT, BILLING_CODES, SESSION_DATES).data(YEAR_2023)
                        .expect(PERMIT, CONSENT).restsOn(ALICE_CONSENT),
                row("data period: a limited permit beside an unlimited one: the unlimited one decides other years")
                        .directives(RESEARCH_2024_AND_ALL).ask(LAB, HRESCH, DIAGNOSIS).data(YEAR_2023)
                        .expect(PERMIT, CONSENT),
                row("data period: it does not stretch the provision's validity (when disclosures may happen)")
                        .directives(RESEARCH_2024_VALIDITY_OVER).ask(LAB, HRESCH, DIAGNOSIS).data(SPRING_2024)
                        .expect(DENY, NONE),
                row("data period: psychotherapy notes of 2024 only, by their own authorization")
                        .directives(PN_AUTH_TESS_2024).ask(TESS, TREAT, PSYCHOTHERAPY_NOTES).data(SPRING_2024)
                        .expect(PERMIT, CONSENT),
                row("data period: psychotherapy notes of another year stay closed")
                        .directives(PN_AUTH_TESS_2024).ask(TESS, TREAT, PSYCHOTHERAPY_NOTES).data(YEAR_2023)
                        .expect(DENY, NONE),
                // ... and a DENY whenever the data may fall within its period: saying less never releases more.
                row("data period: a DENY of 2023 does not speak to 2024's data").directives(RESEARCH_BUT_NOT_2023)
                        .ask(LAB, HRESCH, DIAGNOSIS).data(SPRING_2024).expect(PERMIT, CONSENT),
                row("data period: a DENY of 2023 cannot be bypassed by leaving the data's period out")
                        .directives(RESEARCH_BUT_NOT_2023).ask(LAB, HRESCH, DIAGNOSIS).expect(DENY, NONE)
                        .restsOn(RESEARCH_BUT_NOT_2023).unappliedPermit()
                        .reasonContains("the request states no data period, so its data may fall within it"),
                row("data period: a DENY of 2023 decides data that reaches into 2023").directives(RESEARCH_BUT_NOT_2023)
                        .ask(LAB, HRESCH, DIAGNOSIS).data(NEW_YEAR_2024).expect(DENY, NONE).unappliedPermit()
                        .reasonContains("overlaps it"),
                row("data period: a DENY's end is exclusive: data from its end on is not denied")
                        .directives(RESEARCH_BUT_NOT_2023).ask(LAB, HRESCH, DIAGNOSIS).data(FROM_2024)
                        .expect(PERMIT, CONSENT),
                row("data period: a DENY of 2023 decides a request open at its start").directives(RESEARCH_BUT_NOT_2023)
                        .ask(LAB, HRESCH, DIAGNOSIS).data(UNTIL_SUMMER_2024).expect(DENY, NONE),
                row("data period: a restriction of 2024's self-paid items beats TPO for 2024's data")
                        .directives(SELF_PAY_2024).ask(ACME, HPAYMT, BILLING_CODES).data(SPRING_2024)
                        .expect(DENY, NONE).restsOn(SELF_PAY_2024),
                row("data period: the same restriction leaves 2025's claims to TPO").directives(SELF_PAY_2024)
                        .ask(ACME, HPAYMT, BILLING_CODES).data(new DataPeriod(Y2025, null))
                        .expect(PERMIT, HIPAA_TPO).implied(SESSION_DURATION),
                row("data period: the restriction holds when the claim does not say its data's period")
                        .directives(SELF_PAY_2024).ask(ACME, HPAYMT, BILLING_CODES).expect(DENY, NONE),
                row("data period: a restriction of 2024 beats a consent's unlimited permit for 2024")
                        .subject(ALICE).directives(ALICE_CONSENT, SELF_PAY_2024).ask(ACME, HPAYMT, BILLING_CODES)
                        .data(YEAR_2024).expect(DENY, NONE).restsOn(SELF_PAY_2024),
                row("data period: under STRICT a limited permit still decides before the profile").profile(STRICT)
                        .directives(RESEARCH_2024_ONLY).ask(LAB, HRESCH, DIAGNOSIS).data(SPRING_2024)
                        .expect(PERMIT, CONSENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Case c) {
        SubjectEvaluation result = evaluator.evaluate(c.subject, c.directives, c.profile, c.query());

        assertThat(result.decision()).as("decision; reason: %s", result.reason()).isEqualTo(c.decision);
        assertThat(result.legalBasis()).as("basis; reason: %s", result.reason()).isEqualTo(c.basis);
        if (c.permitted != null) {
            assertThat(result.permittedCategories()).as("permitted subset").isEqualTo(c.permitted);
        }
        if (c.implied != null) {
            assertThat(result.impliedCategories()).as("implied").isEqualTo(c.implied);
        }
        for (Map.Entry<DataCategory, Provision.Effect> e : c.categoryDecisions.entrySet()) {
            CategoryOutcome outcome = result.categories().stream().filter(o -> o.category() == e.getKey())
                    .findFirst().orElseThrow(() -> new AssertionError("no outcome for " + e.getKey()));
            assertThat(outcome.decision()).as("%s: %s", e.getKey(), outcome.reason()).isEqualTo(e.getValue());
            assertThat(outcome.legalBasis()).as("%s basis", e.getKey()).isEqualTo(c.categoryBases.get(e.getKey()));
        }
        if (c.restsOn != null) {
            assertThat(result.consent()).isEqualTo(ConsentRef.of(c.restsOn));
        }
        if (c.unappliedPermit) {
            assertThat(result.matchedProvisions()).anyMatch(m -> m.effect() == PERMIT && !m.applied());
        }
        assertThat(result.breakGlass()).isEqualTo(c.breakGlass);
        if (c.breakGlass && result.decision() == PERMIT) {
            assertThat(result.reviewRequired()).isTrue();
            assertThat(result.validUntil()).isEqualTo(T.plus(Duration.ofHours(4)));
        } else if (!c.breakGlass) {
            assertThat(result.reviewRequired()).isFalse();
            assertThat(result.validUntil()).isNull();
        }
        for (Obligation.Code code : c.obligations) {
            assertThat(result.obligations()).extracting(Obligation::code).contains(code);
        }
        if (c.reasonContains != null) {
            assertThat(result.reason()).contains(c.reasonContains);
        }
        assertThat(result.reason()).startsWith(c.decision + " for " + c.subject);
    }

    @Test
    void theTableCoversAtLeastFortyCasesAndEveryProfile() {
        List<Case> cases = table().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cases.stream().map(c -> c.profile).distinct()).containsExactlyInAnyOrder(PolicyProfile.values());
        assertThat(cases.stream().map(c -> c.purpose).distinct()).containsExactlyInAnyOrder(Purpose.values());
    }

    @Test
    void theStoryReasonReadsAsASentence() {
        SubjectEvaluation claim = evaluator.evaluate(ALICE, List.of(ALICE_CONSENT), HIPAA,
                new DecisionQuery(ACME, EnumSet.of(BILLING_CODES, SESSION_DATES), HPAYMT, T, null));
        assertThat(claim.reason()).isEqualTo("PERMIT for PATIENT pat-alice: SESSION_DATES, BILLING_CODES: permitted by "
                + "general consent " + ALICE_CONSENT.directiveId() + " version 1; SESSION_FREQUENCY (implied), "
                + "SESSION_DURATION (implied): permitted without consent for payment (HIPAA TPO, 45 CFR 164.506).");
        assertThat(claim.matchedProvisions()).singleElement().satisfies(m -> {
            assertThat(m.provisionIndex()).isZero();
            assertThat(m.applied()).isTrue();
            assertThat(m.categories()).containsExactly(SESSION_DATES, BILLING_CODES);
        });
        assertThat(claim.obligations()).singleElement().satisfies(o -> {
            assertThat(o.code()).isEqualTo(Obligation.Code.MINIMUM_NECESSARY);
            assertThat(o.categories()).containsExactly(SESSION_DATES, BILLING_CODES);
        });
        assertThat(claim.categories()).filteredOn(CategoryOutcome::implied)
                .extracting(CategoryOutcome::category, CategoryOutcome::impliedBy)
                .containsExactly(tuple(SESSION_FREQUENCY, Set.of(SESSION_DATES)),
                        tuple(SESSION_DURATION, Set.of(BILLING_CODES)));
    }

    @Test
    void theAggregateDatasetIsDeniedAsAWholeAndNamesWhoDeniedIt() {
        DecisionQuery dataset = new DecisionQuery(ACME, EnumSet.of(SESSION_FREQUENCY, PRACTICE_PATTERNS),
                RATE_NEGOTIATION, T, null);
        List<SubjectEvaluation> subjects = List.of(
                evaluator.evaluate(ALICE, List.of(ALICE_CONSENT), HIPAA, dataset),
                evaluator.evaluate(BOB, List.of(), HIPAA, dataset),
                evaluator.evaluate(TOM, List.of(RATE_AUTH_ACME), HIPAA, dataset));
        OverallEvaluation overall = evaluator.combine(subjects, dataset);

        assertThat(overall.decision()).isEqualTo(DENY);
        assertThat(overall.legalBasis()).isEqualTo(NONE);
        assertThat(overall.deniedSubjects()).containsExactly(ALICE, BOB);
        assertThat(subjects.get(2).decision()).isEqualTo(PERMIT);
        assertThat(overall.permittedCategories()).isEmpty();
        assertThat(overall.reason()).startsWith("DENY: denied for 2 of 3 subjects (PATIENT pat-alice, PATIENT pat-bob)");
    }

    @Test
    void aClaimAboutPatientAndProviderIsPermittedWithTheMostSpecificBasis() {
        DecisionQuery claim = new DecisionQuery(ACME, EnumSet.of(BILLING_CODES, SESSION_DATES), HPAYMT, T, null);
        OverallEvaluation overall = evaluator.combine(List.of(
                evaluator.evaluate(ALICE, List.of(ALICE_CONSENT), HIPAA, claim),
                evaluator.evaluate(TOM, List.of(), HIPAA, claim)), claim);

        assertThat(overall.decision()).isEqualTo(PERMIT);
        assertThat(overall.legalBasis()).isEqualTo(CONSENT);
        assertThat(overall.permittedCategories()).containsExactly(SESSION_DATES, BILLING_CODES);
        assertThat(overall.breakGlass()).isFalse();
    }

    @Test
    void evaluationIsAPureFunction() {
        DecisionQuery query = new DecisionQuery(ACME, EnumSet.of(BILLING_CODES, SESSION_DATES, DIAGNOSIS), HOPERAT, T,
                null);
        List<DirectiveSnapshot> directives = List.of(ALICE_CONSENT, SELF_PAY_RESTRICTION, OPERATIONS_OK);
        assertThat(evaluator.evaluate(ALICE, directives, HIPAA, query))
                .isEqualTo(evaluator.evaluate(ALICE, directives, HIPAA, query))
                .isEqualTo(new DecisionEvaluator().evaluate(ALICE, List.copyOf(directives), HIPAA, query));
    }

    // --- the table's vocabulary ----------------------------------------------------------------------------------

    static Case row(String name) {
        return new Case(name);
    }

    static DirectiveSnapshot directive(DirectiveKind kind, Provision... provisions) {
        return new DirectiveSnapshot(UUID.randomUUID(), 1, kind, DirectiveStatus.ACTIVE, BEFORE, null,
                List.of(provisions));
    }

    static Provision permit(Set<String> ids, Set<RecipientType> types, Set<DataCategory> categories,
                            Set<Purpose> purposes) {
        return permit(ids, types, categories, purposes, null);
    }

    static Provision permit(Set<String> ids, Set<RecipientType> types, Set<DataCategory> categories,
                            Set<Purpose> purposes, DataPeriod data) {
        return new Provision(PERMIT, ids, types, categories, purposes, null, null, data);
    }

    static Provision deny(Set<String> ids, Set<RecipientType> types, Set<DataCategory> categories,
                          Set<Purpose> purposes) {
        return deny(ids, types, categories, purposes, null);
    }

    static Provision deny(Set<String> ids, Set<RecipientType> types, Set<DataCategory> categories,
                          Set<Purpose> purposes, DataPeriod data) {
        return new Provision(DENY, ids, types, categories, purposes, null, null, data);
    }

    /** One row: given, when, then. */
    static final class Case {
        final String name;
        SubjectRef subject = ALICE;
        List<DirectiveSnapshot> directives = List.of();
        PolicyProfile profile = HIPAA;
        Recipient recipient;
        Purpose purpose;
        Set<DataCategory> categories;
        String reason;
        DataPeriod data;
        Provision.Effect decision;
        LegalBasis basis;
        Set<DataCategory> permitted;
        Set<DataCategory> implied;
        final Map<DataCategory, Provision.Effect> categoryDecisions = new EnumMap<>(DataCategory.class);
        final Map<DataCategory, LegalBasis> categoryBases = new EnumMap<>(DataCategory.class);
        DirectiveSnapshot restsOn;
        boolean unappliedPermit;
        boolean breakGlass;
        final List<Obligation.Code> obligations = new ArrayList<>();
        String reasonContains;

        Case(String name) {
            this.name = name;
        }

        Case subject(SubjectRef subject) {
            this.subject = subject;
            return this;
        }

        Case directives(DirectiveSnapshot... directives) {
            this.directives = List.of(directives);
            return this;
        }

        Case profile(PolicyProfile profile) {
            this.profile = profile;
            return this;
        }

        Case ask(Recipient recipient, Purpose purpose, DataCategory... categories) {
            this.recipient = recipient;
            this.purpose = purpose;
            this.categories = EnumSet.of(categories[0], categories);
            if (purpose == ETREAT) {
                breakGlass = true;
                if (reason == null) {
                    reason = "emergency";
                }
            }
            return this;
        }

        /** The period of the data asked about. */
        Case data(DataPeriod data) {
            this.data = data;
            return this;
        }

        Case reason(String reason) {
            this.reason = reason;
            return this;
        }

        Case expect(Provision.Effect decision, LegalBasis basis) {
            this.decision = decision;
            this.basis = basis;
            return this;
        }

        Case permitted(DataCategory... categories) {
            this.permitted = categories.length == 0 ? Set.of() : EnumSet.of(categories[0], categories);
            return this;
        }

        Case implied(DataCategory... categories) {
            this.implied = categories.length == 0 ? Set.of() : EnumSet.of(categories[0], categories);
            return this;
        }

        Case category(DataCategory category, Provision.Effect decision, LegalBasis basis) {
            categoryDecisions.put(category, decision);
            categoryBases.put(category, basis);
            return this;
        }

        Case restsOn(DirectiveSnapshot directive) {
            this.restsOn = directive;
            return this;
        }

        Case unappliedPermit() {
            this.unappliedPermit = true;
            return this;
        }

        Case breakGlass() {
            this.breakGlass = true;
            return this;
        }

        Case obligation(Obligation.Code code) {
            obligations.add(code);
            return this;
        }

        Case reasonContains(String text) {
            this.reasonContains = text;
            return this;
        }

        DecisionQuery query() {
            return new DecisionQuery(recipient, categories, purpose, T, reason, data);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
