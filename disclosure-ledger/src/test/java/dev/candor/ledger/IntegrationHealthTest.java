package dev.candor.ledger;

import dev.candor.testsupport.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static dev.candor.ledger.DisclosureResourceTest.CLAIM_TO_INSURER;
import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static dev.candor.ledger.TransparencyLogTest.superuser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ledger-integration} health check: UP while checkpoints are signed, DOWN with the reason once
 * integration has failed for 10 s — in {@code /q/health} and {@code /q/health/well}, never in liveness or readiness.
 */
@QuarkusTest
class IntegrationHealthTest {

    static JsonPath check(String path, int status) {
        return given().get(path).then().statusCode(status).extract().jsonPath()
                .setRootPath("checks.find { it.name == 'ledger-integration' }");
    }

    static void grantCheckpointInserts(boolean granted) throws SQLException {
        String appRole = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute((granted ? "GRANT INSERT ON checkpoint TO " : "REVOKE INSERT ON checkpoint FROM ") + appRole);
        }
    }

    static JsonPath awaitWellness(int status) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (given().get("/q/health/well").statusCode() == status) {
                break;
            }
            Thread.sleep(100);
        }
        return check("/q/health/well", status);
    }

    @Test
    void integrationFailingForTenSecondsIsReportedAndNotToProbes() throws Exception {
        assertThat(check("/q/health/well", 200).getString("status")).isEqualTo("UP");
        assertThat(check("/q/health/well", 200).getString("data.integrator")).isEqualTo("on");
        double failuresBefore = PrometheusText.value(metrics(), "candor_ledger_integration_failures_total");

        grantCheckpointInserts(false);
        try {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                    .post("/api/v1/disclosures").then().statusCode(201);
            JsonPath down = awaitWellness(503);
            assertThat(down.getString("status")).isEqualTo("DOWN");
            assertThat(down.getString("data.problem")).startsWith("failing since ").contains("permission denied");
            assertThat(down.getInt("data.consecutiveFailures")).isGreaterThan(1);
            assertThat(check("/q/health", 503).getString("status")).isEqualTo("DOWN");
            given().get("/q/health/live").then().statusCode(200);
            given().get("/q/health/ready").then().statusCode(200);
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                    .post("/api/v1/disclosures").then().statusCode(201);
            String metrics = metrics();
            assertThat(PrometheusText.value(metrics, "candor_ledger_integration_failures_total"))
                    .isGreaterThan(failuresBefore);
            assertThat(PrometheusText.value(metrics, "candor_ledger_integration_halted")).isZero();
        } finally {
            grantCheckpointInserts(true);
        }
        assertThat(awaitWellness(200).getString("status")).as("a good run ends it").isEqualTo("UP");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
