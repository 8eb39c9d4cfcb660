package dev.candor.ledger;

import dev.candor.ledger.domain.Integrator;
import dev.candor.ledger.persistence.Sequencer;
import dev.candor.testsupport.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static dev.candor.ledger.DisclosureResourceTest.CLAIM_TO_INSURER;
import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** What the ledger tells Prometheus at /q/metrics: appends, flagged appends by flag, tree size, integration delay. */
@QuarkusTest
class LedgerMetricsTest {

    @Inject
    Integrator integrator;

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void appendsAreCountedAndFlaggedAppendsByFlag() {
        String before = metrics();

        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .post("/api/v1/disclosures").then().statusCode(201);
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"HPAYMT\"", "\"RATE_NEGOTIATION\""))
                .post("/api/v1/disclosures").then().statusCode(201);

        String after = metrics();
        assertThat(PrometheusText.delta(before, after, "candor_ledger_appends_total")).isEqualTo(2.0);
        assertThat(PrometheusText.delta(before, after, Sequencer.FLAGGED, "flag=UNAUTHORIZED")).isEqualTo(1.0);
    }

    @Test
    void treeSizeAndIntegrationDelayFollowTheSignedCheckpoint() throws InterruptedException {
        double delaysBefore = PrometheusText.value(metrics(), "candor_ledger_integration_delay_seconds_count");
        long index = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .post("/api/v1/disclosures").then().statusCode(201).extract().jsonPath().getLong("leafIndex");

        // Integrate it here, unless the background integrator holds the lock: then wait for its checkpoint.
        for (int i = 0; i < 100 && integrator.integrateOnce().map(r -> r.toSize() <= index).orElse(true)
                && PrometheusText.value(metrics(), "candor_ledger_tree_size") <= index; i++) {
            Thread.sleep(50);
        }

        String checkpoint = given().when().get("/api/v1/log/checkpoint").then().statusCode(200).extract().asString();
        long signedSize = Long.parseLong(checkpoint.lines().skip(1).findFirst().orElseThrow());
        String after = metrics();
        assertThat(PrometheusText.value(after, "candor_ledger_tree_size")).isEqualTo((double) signedSize);
        assertThat(PrometheusText.value(after, "candor_ledger_integration_delay_seconds_count"))
                .isGreaterThan(delaysBefore);
    }
}
