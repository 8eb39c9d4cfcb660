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

    static JsonPath record(String body) {
        return given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(body).queryParam("wait", true)
                .post("/api/v1/disclosures").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath stats(String from, String to, Long treeSize) {
        var request = given().auth().oauth2(TestTokens.regulator("rita")).queryParam("from", from)
                .queryParam("to", to);
        if (treeSize != null) {
            request.queryParam("treeSize", treeSize);
        }
        return request.when().get("/api/v1/admin/log/stats").then().statusCode(200).extract().jsonPath();
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
        // the kept counts were corrected in the settling transaction: they still agree with the entries
        fullCheck().body("ok", equalTo(true));
    }

    @Test
    void monthsThePeriodCutsAreCountedEntryByEntryAndAnEarlierTreeSizeLeavesLaterEntriesOut() {
        // 2017: two entries in January, one in February, one late on 31 March
        String atMonthDay = disclosure("MM-DD", "ins-months", "INSURER", "HPAYMT", "BILLING_CODES")
                .replace("2019-MM-DDT10:00:00Z", "%s");
        record(atMonthDay.formatted("2017-01-10T10:00:00Z"));
        record(atMonthDay.formatted("2017-01-20T10:00:00Z"));
        record(atMonthDay.formatted("2017-02-15T10:00:00Z"));
        long last = record(atMonthDay.formatted("2017-03-31T23:00:00Z")).getLong("leafIndex");

        // the whole year: every month is read from the kept counts
        assertThat(stats("2017-01-01T00:00:00Z", "2018-01-01T00:00:00Z", null).getLong("entries")).isEqualTo(4);
        // January cut at the 15th, March at noon of the 31st: January counted from its entries, February kept
        JsonPath cut = stats("2017-01-15T00:00:00Z", "2017-03-31T12:00:00Z", null);
        assertThat(cut.getLong("entries")).isEqualTo(2);
        assertThat(cut.getList("byRecipient.count", Integer.class)).containsExactly(2);
        assertThat(cut.getList("byCategory.key")).contains("BILLING_CODES");
        // the tree as it was before the March entry: the kept counts hold it, so it is taken out again
        JsonPath earlier = stats("2017-01-01T00:00:00Z", "2018-01-01T00:00:00Z", last);
        assertThat(earlier.getLong("entries")).isEqualTo(3);
        assertThat(earlier.getList("byPurpose.count", Integer.class)).containsExactly(3);
        assertThat(earlier.getList("byLegalBasis.count", Integer.class)).containsExactly(3);
    }

    @jakarta.inject.Inject
    dev.candor.ledger.domain.Integrator integrator;

    @Test
    void aCountAlteredBehindTheLedgersBackIsFoundByTheFullCheckAndARebuildRestoresIt() throws Exception {
        record(disclosure("06-01", "ins-rebuild", "INSURER", "HPAYMT", "BILLING_CODES").replace("2019-", "2016-"));
        record(disclosure("06-02", "broker-rebuild", "DATA_BROKER", "RATE_NEGOTIATION", "SESSION_FREQUENCY")
                .replace("2019-", "2016-"));
        String before = stats("2016-01-01T00:00:00Z", "2017-01-01T00:00:00Z", null).prettify();
        assertThat(before).contains("broker-rebuild");
        fullCheck().body("ok", equalTo(true));

        // the counts are derived, so the service's own role may write them — and the full check watches them
        try (java.sql.Connection c = TransparencyLogTest.appRole(); java.sql.Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE stats_month SET n = n - 1 WHERE month = '2016-06-01'"
                    + " AND dim = 'RECIPIENT' AND key = 'broker-rebuild'")).isEqualTo(1);
        }
        fullCheck().body("ok", equalTo(false))
                .body("problem", org.hamcrest.Matchers.containsString("broker-rebuild"));

        given().auth().oauth2(TestTokens.regulator("rita")).when().post("/api/v1/admin/log/stats/rebuild")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.admin("adam")).when().post("/api/v1/admin/log/stats/rebuild")
                .then().statusCode(200);
        // forgotten: until the integrator has rolled the entries in again, they are counted one by one
        assertThat(stats("2016-01-01T00:00:00Z", "2017-01-01T00:00:00Z", null).prettify()).isEqualTo(before);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!fullCheck().extract().jsonPath().getBoolean("ok")) {
            assertThat(System.currentTimeMillis()).as("the counts are rolled in again").isLessThan(deadline);
            integrator.integrateOnce();
            Thread.sleep(100);
        }
        assertThat(stats("2016-01-01T00:00:00Z", "2017-01-01T00:00:00Z", null).prettify()).isEqualTo(before);
    }

    static io.restassured.response.ValidatableResponse fullCheck() {
        return given().auth().oauth2(TestTokens.regulator("rita")).when().post("/api/v1/admin/log/verify")
                .then().statusCode(200);
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
