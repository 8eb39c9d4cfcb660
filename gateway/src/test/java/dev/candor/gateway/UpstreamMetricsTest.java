package dev.candor.gateway;

import dev.candor.gateway.api.UpstreamMetrics;
import dev.candor.testsupport.PrometheusText;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Upstream failures are counted on /q/metrics by upstream and status; answers the upstream gave are not errors. */
@QuarkusTest
class UpstreamMetricsTest {

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void anUnavailableUpstreamIsCountedByUpstreamAndStatus() {
        String before = metrics();

        // The ledger's stand-in is a closed port (EchoUpstreams): the gateway answers 503.
        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/disclosures").then().statusCode(503);

        String after = metrics();
        assertThat(PrometheusText.delta(before, after, UpstreamMetrics.NAME, "upstream=ledger", "status=503"))
                .isEqualTo(1.0);
    }

    @Test
    void successesAndRefusalsAtTheEdgeAreNoUpstreamErrors() {
        String before = metrics();

        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice").then().statusCode(200);
        given().auth().oauth2(TestTokens.patient("pat-bob"))
                .when().get("/api/v1/reports/patients/pat-alice").then().statusCode(403);

        assertThat(PrometheusText.value(metrics(), UpstreamMetrics.NAME))
                .isEqualTo(PrometheusText.value(before, UpstreamMetrics.NAME));
    }

    @Test
    void requestMetricsNameTheRouteNeverAPatientOrAnId() {
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice").then().statusCode(200);
        given().when().get("/api/v1/consents/card-42").then().statusCode(401);
        given().when().get("/api/v9/anything-" + System.nanoTime()).then().statusCode(401);

        String metrics = metrics();
        assertThat(metrics).contains("uri=\"/api/v1/reports/*\"").contains("uri=\"/api/v1/consents/*\"")
                .contains("uri=\"/api/other\"")
                .doesNotContain("pat-alice").doesNotContain("card-42").doesNotContain("anything-");
    }
}
