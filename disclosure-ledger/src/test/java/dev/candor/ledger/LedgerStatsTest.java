package dev.candor.ledger;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Platform-wide counts for a regulator's report: aggregated in SQL, over a period, inside a signed tree size. */
@QuarkusTest
class LedgerStatsTest {

    /** A period of its own (year 2019), so entries other tests record do not count here. */
    static String disclosure(String day, String recipient, String type, String purpose, String category) {
        return """
                {"occurredAt": "2019-%sT10:00:00Z",
                 "recipient": {"id": "%s", "name": "%s", "type": "%s", "address": "1 Main St"},
                 "subjects": [{"type": "PATIENT", "id": "pat-stats"}],
                 "categories": ["%s"], "purpose": "%s",
                 "description": "stats", "purposeStatement": "stats", "recordCount": 1}
                """.formatted(day, recipient, recipient, type, category, purpose);
    }

    static void record(String body) {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(body).queryParam("wait", true)
                .post("/api/v1/disclosures").then().statusCode(201);
    }

    @Test
    void aRegulatorGetsCountsByRecipientPurposeCategoryAndBasisWithTheUnauthorizedCounted() {
        record(disclosure("03-01", "ins-stats", "INSURER", "HPAYMT", "BILLING_CODES"));
        record(disclosure("03-02", "ins-stats", "INSURER", "HPAYMT", "BILLING_CODES"));
        record(disclosure("04-01", "broker-stats", "DATA_BROKER", "RATE_NEGOTIATION", "SESSION_FREQUENCY"));
        record(disclosure("12-31", "ins-stats", "INSURER", "HPAYMT", "DIAGNOSIS")); // outside the period

        JsonPath stats = given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2019-01-01T00:00:00Z").queryParam("to", "2019-07-01T00:00:00Z")
                .when().get("/api/v1/admin/log/stats")
                .then().statusCode(200)
                .body("entries", equalTo(3))
                .body("unauthorized", equalTo(1))
                .extract().jsonPath();

        assertThat(stats.getList("byRecipient.key")).containsExactly("ins-stats", "broker-stats");
        assertThat(stats.getList("byRecipient.count", Integer.class)).containsExactly(2, 1);
        assertThat(stats.getList("byRecipientType.key")).containsExactly("INSURER", "DATA_BROKER");
        assertThat(stats.getList("byPurpose.key")).containsExactly("HPAYMT", "RATE_NEGOTIATION");
        // implied categories count too: billing codes imply session duration, dates imply frequency
        assertThat(stats.getList("byCategory.key")).contains("BILLING_CODES", "SESSION_DURATION",
                "SESSION_FREQUENCY").doesNotContain("DIAGNOSIS");
        assertThat(stats.getList("byLegalBasis.key")).containsExactly("HIPAA_TPO", "NONE");
    }

    @jakarta.inject.Inject
    dev.candor.ledger.domain.Settlement settlement;

    @Test
    void anUndecidedEntryCountsAsUndecidedUntilSettledThenAsWhatItsDecisionSaid() {
        // its own period (2018): a disclosure to a data broker that consent-service, once back, denies
        String toBroker = disclosure("05-01", "broker-settle", "DATA_BROKER", "RATE_NEGOTIATION",
                "SESSION_FREQUENCY").replace("2019-", "2018-");
        FakeConsentDecisions.down = true;
        try {
            record(toBroker);
        } finally {
            FakeConsentDecisions.down = false;
        }
        given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2018-01-01T00:00:00Z").queryParam("to", "2018-12-01T00:00:00Z")
                .when().get("/api/v1/admin/log/stats")
                .then().statusCode(200)
                .body("entries", equalTo(1)).body("undecided", equalTo(1)).body("unauthorized", equalTo(0));

        assertThat(settlement.settleOnce()).isGreaterThanOrEqualTo(1);

        given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2018-01-01T00:00:00Z").queryParam("to", "2018-12-01T00:00:00Z")
                .when().get("/api/v1/admin/log/stats")
                .then().statusCode(200)
                .body("entries", equalTo(1)).body("undecided", equalTo(0)).body("unauthorized", equalTo(1));
    }

    @Test
    void onlyRegulatorsAndAdminsSeePlatformCounts() {
        given().auth().oauth2(TestTokens.patient("pat-stats"))
                .queryParam("from", "2019-01-01T00:00:00Z").queryParam("to", "2019-07-01T00:00:00Z")
                .when().get("/api/v1/admin/log/stats")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsABadRequest() {
        given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2019-07-01T00:00:00Z").queryParam("to", "2019-01-01T00:00:00Z")
                .when().get("/api/v1/admin/log/stats")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("to"));
    }
}
