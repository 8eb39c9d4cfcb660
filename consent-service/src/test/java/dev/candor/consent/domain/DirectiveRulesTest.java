package dev.candor.consent.domain;

import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.candor.common.vocabulary.DataCategory.DIAGNOSIS;
import static dev.candor.common.vocabulary.DataCategory.PSYCHOTHERAPY_NOTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class DirectiveRulesTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final AuthorizationElements COMPLETE = new AuthorizationElements("psychotherapy notes of 2026",
            "Harbor Therapy", "Dr. Tess North", "second opinion", NOW.plus(Duration.ofDays(90)), null, "Alice Example",
            NOW.minusSeconds(60), null, "I may revoke this authorization in writing at any time.");

    static Provision provision(Provision.Effect effect, DataCategory... categories) {
        return new Provision(effect, Set.of("prov-tess"), Set.of(), Set.of(categories), Set.of(Purpose.TREAT), null,
                null);
    }

    static List<String> fieldsOf(Runnable check) {
        ProblemException e = catchThrowableOfType(ProblemException.class, check::run);
        assertThat(e).as("a validation problem").isNotNull();
        return e.problem().errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void anAuthorizationWithoutItsElementsNamesEachMissingOne() {
        List<String> fields = fieldsOf(() -> DirectiveRules.check(DirectiveKind.HIPAA_AUTHORIZATION,
                List.of(provision(Provision.Effect.PERMIT, DIAGNOSIS)), null, false, NOW));
        assertThat(fields).containsExactlyInAnyOrder("authorization.informationDescription",
                "authorization.discloser", "authorization.recipient", "authorization.purpose",
                "authorization.signature", "authorization.signedAt", "authorization.revocationStatement",
                "authorization.expiresAt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"informationDescription", "discloser", "recipient", "purpose", "signature",
            "revocationStatement"})
    void eachCoreElementIsRequired(String element) {
        AuthorizationElements missing = new AuthorizationElements(
                element.equals("informationDescription") ? " " : COMPLETE.informationDescription(),
                element.equals("discloser") ? null : COMPLETE.discloser(),
                element.equals("recipient") ? null : COMPLETE.recipient(),
                element.equals("purpose") ? "" : COMPLETE.purpose(), COMPLETE.expiresAt(), null,
                element.equals("signature") ? null : COMPLETE.signature(), COMPLETE.signedAt(), null,
                element.equals("revocationStatement") ? null : COMPLETE.revocationStatement());
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> DirectiveRules.check(
                DirectiveKind.HIPAA_AUTHORIZATION, List.of(provision(Provision.Effect.PERMIT, DIAGNOSIS)), missing,
                false, NOW));
        assertThat(e.problem().errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("authorization." + element);
            assertThat(error.message()).contains("45 CFR 164.508(c)");
        });
    }

    @Test
    void aPart2ConsentCitesPart2AndAcceptsAnExpirationEvent() {
        AuthorizationElements noDate = new AuthorizationElements("SUD treatment records", "Lakeside Clinic",
                "Dr. Tess North", "treatment", null, null, "Alice Example", NOW, null, null);
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> DirectiveRules.check(
                DirectiveKind.PART2_CONSENT, List.of(provision(Provision.Effect.PERMIT, DataCategory.SUD_RECORDS)),
                noDate, false, NOW));
        assertThat(e.problem().errors()).extracting(Problem.FieldError::field, Problem.FieldError::message)
                .anySatisfy(t -> assertThat(t.toList()).containsExactly("authorization.revocationStatement",
                        "required for a PART2_CONSENT (42 CFR 2.31(a)(6))"))
                .anySatisfy(t -> assertThat(t.toList().get(0)).isEqualTo("authorization.expiresAt"));

        AuthorizationElements byEvent = new AuthorizationElements("SUD treatment records", "Lakeside Clinic",
                "Dr. Tess North", "treatment", null, "end of treatment", "Alice Example", NOW, null,
                "I may revoke this consent at any time.");
        assertThatCode(() -> DirectiveRules.check(DirectiveKind.PART2_CONSENT,
                List.of(provision(Provision.Effect.PERMIT, DataCategory.SUD_RECORDS)), byEvent, false, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void aRepresentativeMustStateTheirAuthority() {
        assertThat(fieldsOf(() -> DirectiveRules.check(DirectiveKind.HIPAA_AUTHORIZATION,
                List.of(provision(Provision.Effect.PERMIT, DIAGNOSIS)), COMPLETE, true, NOW)))
                .containsExactly("authorization.representativeAuthority");
    }

    @Test
    void contradictoryOrStaleDatesAreRefused() {
        AuthorizationElements backwards = new AuthorizationElements("x", "x", "x", "x", NOW.minusSeconds(3600), null,
                "x", NOW.minusSeconds(60), null, "x");
        assertThat(fieldsOf(() -> DirectiveRules.check(DirectiveKind.HIPAA_AUTHORIZATION,
                List.of(provision(Provision.Effect.PERMIT, DIAGNOSIS)), backwards, false, NOW)))
                .containsExactly("authorization.expiresAt");
        AuthorizationElements expired = new AuthorizationElements("x", "x", "x", "x", NOW.minusSeconds(30), null,
                "x", NOW.minusSeconds(60), null, "x");
        assertThat(fieldsOf(() -> DirectiveRules.check(DirectiveKind.HIPAA_AUTHORIZATION,
                List.of(provision(Provision.Effect.PERMIT, DIAGNOSIS)), expired, false, NOW)))
                .containsExactly("authorization.expiresAt");
        Provision backwardsPeriod = new Provision(Provision.Effect.PERMIT, Set.of(), Set.of(RecipientType.PROVIDER),
                Set.of(DIAGNOSIS), Set.of(Purpose.TREAT), NOW, NOW.minusSeconds(1));
        assertThat(fieldsOf(() -> DirectiveRules.check(DirectiveKind.GENERAL_CONSENT, List.of(backwardsPeriod),
                null, false, NOW))).containsExactly("provisions[0].validUntil");
    }

    @Test
    void aDataPeriodNeedsAnEndAfterItsStartAndAtLeastOneEnd() {
        Instant y2024 = Instant.parse("2024-01-01T00:00:00Z");
        List<Provision> provisions = List.of(
                withData(new DataPeriod(y2024, y2024)),
                withData(new DataPeriod(y2024, y2024.minusSeconds(1))),
                withData(new DataPeriod(null, null)),
                withData(new DataPeriod(y2024, null)),
                withData(new DataPeriod(null, y2024)),
                withData(new DataPeriod(y2024, y2024.plusSeconds(1))));
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> DirectiveRules.check(
                DirectiveKind.GENERAL_CONSENT, provisions, null, false, NOW));
        assertThat(e.problem().errors()).extracting(Problem.FieldError::field, Problem.FieldError::message)
                .containsExactly(
                        tuple("provisions[0].dataPeriod.end",
                                "must be after dataPeriod.start (the end is exclusive)"),
                        tuple("provisions[1].dataPeriod.end",
                                "must be after dataPeriod.start (the end is exclusive)"),
                        tuple("provisions[2].dataPeriod", "give start, end or both (an "
                                + "open data period is the same as none: leave dataPeriod out)"));
    }

    @Test
    void aDataPeriodMayLieInThePastOrTheFuture() {
        // Unlike a validity period, a data period says which data, not when: past years are the usual case.
        assertThatCode(() -> DirectiveRules.check(DirectiveKind.RESTRICTION, List.of(new Provision(
                Provision.Effect.DENY, Set.of(), Set.of(RecipientType.INSURER), Set.of(DIAGNOSIS),
                Set.of(Purpose.HPAYMT), null, null, new DataPeriod(Instant.parse("2019-01-01T00:00:00Z"),
                Instant.parse("2020-01-01T00:00:00Z")))), null, false, NOW)).doesNotThrowAnyException();
    }

    static Provision withData(DataPeriod data) {
        return new Provision(Provision.Effect.PERMIT, Set.of("prov-tess"), Set.of(), Set.of(DIAGNOSIS),
                Set.of(Purpose.TREAT), null, null, data);
    }

    @Test
    void psychotherapyNotesAreNeverCombined() {
        assertThat(fieldsOf(() -> DirectiveRules.check(DirectiveKind.PSYCHOTHERAPY_NOTES_AUTHORIZATION,
                List.of(provision(Provision.Effect.PERMIT, PSYCHOTHERAPY_NOTES),
                        provision(Provision.Effect.PERMIT, PSYCHOTHERAPY_NOTES, DIAGNOSIS)), COMPLETE, false, NOW)))
                .containsExactly("provisions[1].categories");
        assertThat(fieldsOf(() -> DirectiveRules.check(DirectiveKind.HIPAA_AUTHORIZATION,
                List.of(provision(Provision.Effect.PERMIT, PSYCHOTHERAPY_NOTES, DIAGNOSIS)), COMPLETE, false, NOW)))
                .containsExactly("provisions[0].categories");
        assertThatCode(() -> DirectiveRules.check(DirectiveKind.PSYCHOTHERAPY_NOTES_AUTHORIZATION,
                List.of(provision(Provision.Effect.PERMIT, PSYCHOTHERAPY_NOTES)), COMPLETE, false, NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> DirectiveRules.check(DirectiveKind.GENERAL_CONSENT,
                List.of(provision(Provision.Effect.DENY, PSYCHOTHERAPY_NOTES, DIAGNOSIS)), null, false, NOW))
                .as("denying psychotherapy notes needs no authorization").doesNotThrowAnyException();
    }

    @Test
    void aRestrictionOnlyRestricts() {
        assertThat(fieldsOf(() -> DirectiveRules.check(DirectiveKind.RESTRICTION,
                List.of(provision(Provision.Effect.DENY, DIAGNOSIS), provision(Provision.Effect.PERMIT, DIAGNOSIS)),
                null, false, NOW))).containsExactly("provisions[1].effect");
    }
}
