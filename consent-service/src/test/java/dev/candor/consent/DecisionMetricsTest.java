package dev.candor.consent;

import dev.candor.consent.domain.DecisionMetrics;
import dev.candor.testsupport.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.candor.consent.Api.ACME;
import static dev.candor.consent.Api.decision;
import static dev.candor.consent.Api.freshPatient;
import static dev.candor.consent.Api.patient;
import static dev.candor.consent.DecisionResourceTest.BILLING;
import static dev.candor.consent.DecisionResourceTest.decide;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Consent decisions are counted on /q/metrics by outcome. */
@QuarkusTest
class DecisionMetricsTest {

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void decisionsAreCountedByOutcome() {
        String before = metrics();
        String alice = freshPatient();

        // HIPAA baseline: a claim to the insurer is permitted (TPO); rate negotiation without consent is not.
        decide(BILLING, decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(200).body("decision", equalTo("PERMIT"));
        decide(BILLING, decision(patient(alice), ACME, "\"BILLING_CODES\"", "RATE_NEGOTIATION", null))
                .statusCode(200).body("decision", equalTo("DENY"));
        decide(BILLING, decision(patient(alice), ACME, "\"SESSION_FREQUENCY\"", "SALE", null))
                .statusCode(200).body("decision", equalTo("DENY"));

        String after = metrics();
        assertThat(PrometheusText.delta(before, after, DecisionMetrics.NAME, "outcome=PERMIT")).isEqualTo(1.0);
        assertThat(PrometheusText.delta(before, after, DecisionMetrics.NAME, "outcome=DENY")).isEqualTo(2.0);
    }

    @Test
    void aRefusedQuestionIsNoDecision() {
        String before = metrics();
        decide(BILLING, decision(patient(freshPatient()), ACME, "\"BILLING_CODES\"", "NOT_A_PURPOSE", null))
                .statusCode(400);
        String after = metrics();
        assertThat(PrometheusText.value(after, DecisionMetrics.NAME))
                .isEqualTo(PrometheusText.value(before, DecisionMetrics.NAME));
    }
}
