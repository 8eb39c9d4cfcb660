package dev.candor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.report.client.ConsentClient;
import dev.candor.report.client.LedgerClient;
import dev.candor.report.persistence.IssuedReports;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The upstream services are stubbed here; the end-to-end tests in local-stack run the real ones. */
@QuarkusTest
class PatientReportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @InjectMock
    @RestClient
    ConsentClient consent;

    @InjectMock
    @RestClient
    LedgerClient ledger;

    @Inject
    IssuedReports issued;

    @Test
    void aPatientsReportJoinsTheirConsentsAndEveryPageOfTheirDisclosures() throws Exception {
        when(consent.directivesOf("pat-alice")).thenReturn(JSON.readTree("[{\"id\": \"c1\", \"version\": 1}]"));
        when(ledger.disclosuresAbout("pat-alice", -1, 1000))
                .thenReturn(JSON.readTree("{\"items\": [{\"id\": \"d1\"}, {\"id\": \"d2\"}], \"next\": 2}"));
        when(ledger.disclosuresAbout("pat-alice", 2, 1000))
                .thenReturn(JSON.readTree("{\"items\": [{\"id\": \"d3\"}], \"next\": null}"));
        int before = issued.countFor("pat-alice");

        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200)
                .body("patientId", equalTo("pat-alice"))
                .body("consents", hasSize(1))
                .body("disclosures.id", org.hamcrest.Matchers.contains("d1", "d2", "d3"))
                .body("complete", equalTo(true));

        assertThat(issued.countFor("pat-alice")).isEqualTo(before + 1);
    }

    @Test
    void aReportThatCannotHoldEveryDisclosureSaysItIsIncomplete() throws Exception {
        when(consent.directivesOf("pat-many")).thenReturn(JSON.readTree("[]"));
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\": \"d").append(i).append("\"}");
        }
        when(ledger.disclosuresAbout(eq("pat-many"), anyLong(), anyInt()))
                .thenReturn(JSON.readTree("{\"items\": [" + items + "], \"next\": 7}"));

        given().auth().oauth2(TestTokens.patient("pat-many"))
                .when().get("/api/v1/reports/patients/pat-many")
                .then().statusCode(200)
                .body("complete", equalTo(false))
                .body("disclosures", hasSize(10_000));
    }

    @Test
    void anotherPatientsReportIsRefusedBeforeAnyUpstreamCall() {
        given().auth().oauth2(TestTokens.patient("pat-bob"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(403).contentType("application/problem+json");
        verify(consent, never()).directivesOf(eq("pat-alice"));
        verify(ledger, never()).disclosuresAbout(eq("pat-alice"), anyLong(), anyInt());
    }

    @Test
    void aDisclosingSystemHasNoReports() {
        given().auth().oauth2(TestTokens.discloser("carebridge-billing", "org-carebridge"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anUpstreamRefusalStaysTheCallersProblem() {
        when(consent.directivesOf("pat-carol")).thenThrow(new WebApplicationException(403));
        given().auth().oauth2(TestTokens.patient("pat-carol"))
                .when().get("/api/v1/reports/patients/pat-carol")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void anUnreachableUpstreamIsA503Problem() {
        when(consent.directivesOf("pat-dave")).thenThrow(new ProcessingException("connection refused"));
        given().auth().oauth2(TestTokens.patient("pat-dave"))
                .when().get("/api/v1/reports/patients/pat-dave")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("consent-service is unreachable"));
    }

    @Test
    void aMalformedSubjectIdIsABadRequest() {
        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/reports/patients/{id}", "pat alice;drop")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("patientId"));
    }
}
