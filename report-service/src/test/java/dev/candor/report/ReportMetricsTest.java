package dev.candor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.report.api.ReportTimer;
import dev.candor.report.client.ConsentClient;
import dev.candor.report.client.LedgerClient;
import dev.candor.testsupport.PrometheusText;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

/** The time to build a report is on /q/metrics, by kind of report and outcome. */
@QuarkusTest
class ReportMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNT = ReportTimer.NAME + "_seconds_count";
    private static final String SUM = ReportTimer.NAME + "_seconds_sum";

    @InjectMock
    @RestClient
    ConsentClient consent;

    @InjectMock
    @RestClient
    LedgerClient ledger;

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void everyPatientReportIsTimed() throws Exception {
        FakeLedger fake = new FakeLedger();
        fake.add(Instant.now().minusSeconds(86_400).toString(), "ins-acme", "Acme Health Insurance", "INSURER",
                "HPAYMT", List.of("BILLING_CODES"), List.of("pat-timed"), List.of(),
                FakeLedger.decision("pat-timed", "PERMIT", "HIPAA_TPO", null, null));
        fake.serve(ledger);
        when(consent.directivesOf("pat-timed")).thenReturn(JSON.readTree("[]"));
        String before = metrics();

        given().auth().oauth2(TestTokens.patient("pat-timed"))
                .when().get("/api/v1/reports/patients/pat-timed").then().statusCode(200);

        String after = metrics();
        assertThat(PrometheusText.delta(before, after, COUNT, "report=patients", "outcome=ok")).isEqualTo(1.0);
        assertThat(PrometheusText.value(after, SUM, "report=patients", "outcome=ok"))
                .isGreaterThan(PrometheusText.value(before, SUM, "report=patients", "outcome=ok"));
    }

    @Test
    void aRefusedReportIsTimedUnderItsStatus() {
        // Another patient's report answers like an unknown one: 404.
        String before = metrics();

        given().auth().oauth2(TestTokens.patient("pat-bob"))
                .when().get("/api/v1/reports/patients/pat-alice").then().statusCode(404);

        String after = metrics();
        assertThat(PrometheusText.delta(before, after, COUNT, "report=patients", "outcome=404")).isEqualTo(1.0);
        assertThat(PrometheusText.value(after, COUNT, "outcome=ok"))
                .isEqualTo(PrometheusText.value(before, COUNT, "outcome=ok"));
    }
}
