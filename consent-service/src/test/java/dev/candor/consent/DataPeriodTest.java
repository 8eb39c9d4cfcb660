package dev.candor.consent;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.candor.consent.Api.ACME;
import static dev.candor.consent.Api.create;
import static dev.candor.consent.Api.decision;
import static dev.candor.consent.Api.freshPatient;
import static dev.candor.consent.Api.patient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Data periods over HTTP: a provision limited to data of a period ("my 2024 sessions only"), a decision request
 * stating the period of the data it discloses, what is kept, and bad periods.
 */
@QuarkusTest
class DataPeriodTest {

    static final String LAB = "{\"id\": \"uni-lab\", \"type\": \"RESEARCHER\"}";
    static final String DATA_2024 = "\"dataPeriod\": {\"start\": \"2024-01-01T00:00:00Z\", \"end\": \"2025-01-01T00:00:00Z\"}";
    static final String SPRING_2024 = "\"dataPeriod\": {\"start\": \"2024-03-01T00:00:00Z\", \"end\": \"2024-06-01T00:00:00Z\"}";
    static final String DATA_2023 = "\"dataPeriod\": {\"start\": \"2023-01-01T00:00:00Z\", \"end\": \"2024-01-01T00:00:00Z\"}";

    /** Researchers may have my 2024 diagnoses; my 2023 treatment plans go to no insurer, whatever the purpose. */
    static final String RESEARCH_2024_NOT_2023_PLANS = """
            {
              "kind": "GENERAL_CONSENT",
              "provisions": [
                {"effect": "PERMIT", "recipientTypes": ["RESEARCHER"], "categories": ["DIAGNOSIS"],
                 "purposes": ["HRESCH"], %s},
                {"effect": "DENY", "recipientTypes": ["INSURER"], "categories": ["TREATMENT_PLAN"],
                 "purposes": ["HPAYMT", "HOPERAT"], %s}
              ],
              "signedText": "Researchers may use my 2024 diagnoses. My 2023 treatment plans go to no insurer."
            }
            """.formatted(DATA_2024, DATA_2023);

    /** Asked by the internal service account (the ledger's), which may ask about anyone. */
    static ValidatableResponse decide(String body) {
        return DecisionResourceTest.decide(DecisionResourceTest.BILLING, body);
    }

    @Test
    void aProvisionsDataPeriodIsStoredVersionedAndShown() {
        String alice = freshPatient();
        String token = TestTokens.patient(alice);
        String id = create(token, RESEARCH_2024_NOT_2023_PLANS);

        given().auth().oauth2(token).when().get("/api/v1/consents/{id}", id)
                .then().statusCode(200)
                .body("provisions[0].dataPeriod.start", equalTo("2024-01-01T00:00:00Z"))
                .body("provisions[0].dataPeriod.end", equalTo("2025-01-01T00:00:00Z"))
                .body("provisions[1].dataPeriod.start", equalTo("2023-01-01T00:00:00Z"))
                .body("provisions[0].validFrom", nullValue());

        // Amending drops the 2024 limit (all my diagnoses): a new version; version 1 keeps its period.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(RESEARCH_2024_NOT_2023_PLANS
                        .replace("\"kind\": \"GENERAL_CONSENT\",", "").replace(DATA_2024, "\"validFrom\": null"))
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(200).body("version", equalTo(2))
                .body("provisions[0].dataPeriod", nullValue())
                .body("provisions[1].dataPeriod.end", equalTo("2024-01-01T00:00:00Z"));
        given().auth().oauth2(token).when().get("/api/v1/consents/{id}/versions", id)
                .then().statusCode(200)
                .body("[0].provisions[0].dataPeriod.end", equalTo("2025-01-01T00:00:00Z"))
                .body("[1].provisions[0].dataPeriod", nullValue());

        // The current status says which data each permission and refusal is about.
        given().auth().oauth2(token).queryParam("patient", alice)
                .when().get("/api/v1/consents/status")
                .then().statusCode(200)
                .body("permitted", hasSize(1))
                .body("permitted[0].dataPeriod", nullValue())
                .body("denied[0].dataPeriod.start", equalTo("2023-01-01T00:00:00Z"));
    }

    @Test
    void aPermitLimitedToAPeriodCoversOnlyDataStatedWithinIt() {
        String alice = freshPatient();
        create(TestTokens.patient(alice), RESEARCH_2024_NOT_2023_PLANS);
        String research = decision(patient(alice), LAB, "\"DIAGNOSIS\"", "HRESCH", null);

        ValidatableResponse within = decide(decision(patient(alice), LAB, "\"DIAGNOSIS\"", "HRESCH", SPRING_2024))
                .statusCode(200)
                .body("decision", equalTo("PERMIT"))
                .body("legalBasis", equalTo("CONSENT"))
                .body("dataPeriod.start", equalTo("2024-03-01T00:00:00Z"))
                .body("dataPeriod.end", equalTo("2024-06-01T00:00:00Z"))
                .body("subjects[0].matchedProvisions[0].provisionIndex", equalTo(0))
                .body("subjects[0].reason", containsString("for data in [2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z)"));
        // Each kept decision says which data it was about.
        String overall = within.extract().path("decisionId");
        assertThat(Api.count("SELECT count(*) FROM decision WHERE overall_id = ?::uuid AND data_start = "
                + "'2024-03-01T00:00:00Z' AND data_end = '2024-06-01T00:00:00Z'", overall)).isEqualTo(2);

        decide(research.replace("}\n", ", " + DATA_2023 + "}\n")).statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("subjects[0].reason", containsString("permits it only for data in"));
        String unstated = decide(research).statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("dataPeriod", nullValue())
                .body("subjects[0].reason", containsString("the request states no data period"))
                .extract().path("decisionId");
        assertThat(Api.count("SELECT count(*) FROM decision WHERE overall_id = ?::uuid AND data_start IS NULL "
                + "AND data_end IS NULL", unstated)).isEqualTo(2);
    }

    @Test
    void aDenyLimitedToAPeriodCannotBeBypassedByLeavingThePeriodOut() {
        String alice = freshPatient();
        String id = create(TestTokens.patient(alice), RESEARCH_2024_NOT_2023_PLANS);
        String plans = decision(patient(alice), ACME, "\"TREATMENT_PLAN\"", "HOPERAT", null);

        decide(plans).statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("subjects[0].consentId", equalTo(id))
                .body("subjects[0].reason", containsString("so its data may fall within it"));
        decide(plans.replace("}\n", ", " + DATA_2023 + "}\n")).statusCode(200).body("decision", equalTo("DENY"));
        decide(plans.replace("}\n", ", \"dataPeriod\": {\"start\": \"2023-12-01T00:00:00Z\"}}\n")).statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("subjects[0].reason", containsString("overlaps it"));
        // Data from the refusal's (exclusive) end on is not refused: operations fall back to HIPAA TPO.
        decide(plans.replace("}\n", ", " + DATA_2024 + "}\n")).statusCode(200)
                .body("decision", equalTo("PERMIT"))
                .body("legalBasis", equalTo("HIPAA_TPO"));
    }

    @Test
    void aDecisionAboutAPastMomentUsesThePeriodsOfTheVersionInForceThen() throws InterruptedException {
        String alice = freshPatient();
        String token = TestTokens.patient(alice);
        String id = create(token, RESEARCH_2024_NOT_2023_PLANS);
        Thread.sleep(5);
        Instant whileLimited = Instant.now();
        Thread.sleep(5);
        // Version 2 widens the research permit to 2023's data too.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(RESEARCH_2024_NOT_2023_PLANS
                        .replace("\"kind\": \"GENERAL_CONSENT\",", "")
                        .replace(DATA_2024, "\"dataPeriod\": {\"start\": \"2023-01-01T00:00:00Z\"}"))
                .when().put("/api/v1/consents/{id}", id).then().statusCode(200);

        String research2023 = decision(patient(alice), LAB, "\"DIAGNOSIS\"", "HRESCH", DATA_2023);
        decide(research2023).statusCode(200).body("decision", equalTo("PERMIT"))
                .body("subjects[0].consentVersion", equalTo(2));
        decide(research2023.replace("}\n", ", \"time\": \"" + whileLimited + "\"}\n")).statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("subjects[0].consentId", nullValue());
    }

    @Test
    void badPeriodsAreProblemsNamingTheFieldAndNothingIsWritten() {
        String alice = freshPatient();
        String token = TestTokens.patient(alice);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(RESEARCH_2024_NOT_2023_PLANS.replace(DATA_2023,
                        "\"dataPeriod\": {\"start\": \"2024-01-01T00:00:00Z\", \"end\": \"2023-01-01T00:00:00Z\"}"))
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(java.util.List.of("provisions[1].dataPeriod.end")))
                .body("errors[0].message", containsString("must be after dataPeriod.start"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(RESEARCH_2024_NOT_2023_PLANS.replace(DATA_2024, "\"dataPeriod\": {}"))
                .when().post("/api/v1/consents")
                .then().statusCode(400).body("errors.field", hasItem("provisions[0].dataPeriod"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(RESEARCH_2024_NOT_2023_PLANS.replace("2023-01-01T00:00:00Z", "last year"))
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", containsString("provisions[1].dataPeriod.start"));
        given().auth().oauth2(token).queryParam("patient", alice).when().get("/api/v1/consents")
                .then().statusCode(200).body("", hasSize(0));

        String research = decision(patient(alice), LAB, "\"DIAGNOSIS\"", "HRESCH",
                "\"dataPeriod\": {\"start\": \"2024-06-01T00:00:00Z\", \"end\": \"2024-06-01T00:00:00Z\"}");
        decide(research).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("dataPeriod.end"));
        decide(decision(patient(alice), LAB, "\"DIAGNOSIS\"", "HRESCH", "\"dataPeriod\": {}"))
                .statusCode(400).body("errors[0].field", equalTo("dataPeriod"));
        given().auth().oauth2(DecisionResourceTest.BILLING).contentType(ContentType.JSON)
                .body("{\"requests\": [" + decision(patient(alice), LAB, "\"DIAGNOSIS\"", "HRESCH", SPRING_2024)
                        + ", " + research + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("requests[1].dataPeriod.end"));
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", alice)).isZero();
    }
}
