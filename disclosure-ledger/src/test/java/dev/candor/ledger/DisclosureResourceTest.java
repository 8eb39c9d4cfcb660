package dev.candor.ledger;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class DisclosureResourceTest {

    static final String CLAIM_TO_INSURER = """
            {
              "occurredAt": "2026-10-01T09:30:00Z",
              "recipient": {"id": "ins-acme", "name": "Acme Health Insurance", "type": "INSURER",
                            "address": "1 Insurance Way, Hartford, CT"},
              "subjects": [{"type": "PATIENT", "id": "pat-alice"}],
              "categories": ["BILLING_CODES", "SESSION_DATES"],
              "purpose": "HPAYMT",
              "description": "Claim for psychotherapy session (CPT 90834) on 2026-09-30",
              "purposeStatement": "Payment of a claim for services rendered",
              "recordCount": 1
            }
            """;
    static final String ALICE = "[{\"type\": \"PATIENT\", \"id\": \"pat-alice\"}]";

    static String billingJob() {
        return TestTokens.discloser("carebridge-billing", "org-carebridge");
    }

    static String record(String body) {
        return given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/disclosures").then().statusCode(201).extract().path("id");
    }

    @Test
    void candorsOwnServicesRecordWhatThePlatformDisclosesUnderThePlatformsOrganisation() {
        String reportService = TestTokens.user("service-account-candor-internal", "service").sign();
        String oversight = CLAIM_TO_INSURER.replace("\"HPAYMT\"", "\"OVERSIGHT\"")
                .replace("\"INSURER\"", "\"GOVERNMENT\"").replace("ins-acme", "regulator:rita");

        String id = given().auth().oauth2(reportService).contentType(ContentType.JSON).body(oversight)
                .when().post("/api/v1/disclosures")
                .then().statusCode(201)
                .extract().path("id");

        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("discloserOrg", equalTo("candor-platform"))
                .body("content.disclosure.purpose", equalTo("OVERSIGHT"));
    }

    @Test
    void aDisclosingSystemRecordsADisclosureAndThePatientSeesIt() {
        String id = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .when().post("/api/v1/disclosures")
                .then().statusCode(201)
                .body("leafIndex", org.hamcrest.Matchers.greaterThanOrEqualTo(0))
                .body("flags", org.hamcrest.Matchers.empty())
                .body("decisions[0].outcome", equalTo("PERMIT"))
                .body("categories", hasItem("SESSION_FREQUENCY"))
                .extract().path("id");

        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("discloserOrg", equalTo("org-carebridge"))
                .body("discloserClient", equalTo("service-account-carebridge-billing"))
                .body("content.disclosure.purpose", equalTo("HPAYMT"))
                .body("content.disclosure.recipient.name", equalTo("Acme Health Insurance"));
        given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("subject", "pat-alice")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200)
                .body("items.id", hasItem(id));
        given().auth().oauth2(TestTokens.delegate("dana", "pat-alice"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200);
    }

    @Test
    void othersCannotTellTheDisclosureExists() {
        String id = record(CLAIM_TO_INSURER);

        given().auth().oauth2(TestTokens.patient("pat-bob")).when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.discloser("lakeside-ehr", "org-lakeside"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.therapist("prov-tess", "prac-northside"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.patient("pat-bob")).queryParam("subject", "pat-alice")
                .when().get("/api/v1/disclosures")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.patient("pat-bob"))
                .when().get("/api/v1/disclosures")
                .then().statusCode(200)
                .body("items.id", not(hasItem(id)));
    }

    @Test
    void aDelegateSeesAPatientsDisclosuresOnlyUnderADelegationInForceWithTheDisclosureScope() {
        String id = record(CLAIM_TO_INSURER);
        // Every token below names pat-alice in delegate_for; consent-service's records (DelegationRecordsStub) differ:
        // a delegation for consent only, one revoked, one expired, none at all. Each sees what a stranger sees.
        for (String name : List.of("dina", "dave", "dex", "drew")) {
            String token = TestTokens.delegate(name, "pat-alice");
            given().auth().oauth2(token).when().get("/api/v1/disclosures/{id}", id)
                    .then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(token).queryParam("subject", "pat-alice").when().get("/api/v1/disclosures")
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).when().get("/api/v1/disclosures")
                    .then().statusCode(200).body("items.id", not(hasItem(id)));
        }
        given().auth().oauth2(TestTokens.delegate("dana", "pat-alice")).queryParam("subject", "pat-alice")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void aPracticeSeesDisclosuresAboutItself() {
        String id = record(CLAIM_TO_INSURER.replace(ALICE,
                "[{\"type\": \"PATIENT\", \"id\": \"pat-alice\"}, {\"type\": \"PROVIDER\", \"id\": \"prov-tom\"}]"));

        given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor"))
                .when().get("/api/v1/disclosures")
                .then().statusCode(200)
                .body("items.id", hasItem(id))
                // the practice's own part only: the patient the entry is also about is not its patient here
                .body("items.find { it.id == '" + id + "' }.parts.part.subject", contains("PROVIDER:prov-tom"))
                .body("items.find { it.id == '" + id + "' }.content.disclosure.subjects", nullValue());
    }

    @Test
    void aQueryForOneKindOfSubjectDoesNotListAnotherKindWithTheSameId() {
        String shared = "same-id-" + System.nanoTime();
        String aboutPatient = record(CLAIM_TO_INSURER.replace(ALICE,
                "[{\"type\": \"PATIENT\", \"id\": \"" + shared + "\"}]"));
        String aboutProvider = record(CLAIM_TO_INSURER.replace(ALICE,
                "[{\"type\": \"PROVIDER\", \"id\": \"" + shared + "\"}]"));
        String regulator = TestTokens.regulator("rita");

        given().auth().oauth2(regulator).queryParam("subject", shared).queryParam("subjectType", "PROVIDER")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", contains(aboutProvider));
        given().auth().oauth2(regulator).queryParam("subject", shared).queryParam("subjectType", "PATIENT")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", contains(aboutPatient));
        given().auth().oauth2(regulator).queryParam("subject", shared)
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", contains(aboutPatient, aboutProvider));
        given().auth().oauth2(regulator).queryParam("subjectType", "PATIENT")
                .when().get("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("subjectType"));
    }

    @Test
    void keysetPaginationWalksTheLogInOrder() {
        for (int i = 0; i < 3; i++) {
            record(CLAIM_TO_INSURER.replace(ALICE, "[{\"type\": \"PATIENT\", \"id\": \"pat-page\"}]"));
        }
        String patient = TestTokens.patient("pat-page");
        Integer next = given().auth().oauth2(patient).queryParam("limit", 2)
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.size()", equalTo(2))
                .extract().path("next");
        given().auth().oauth2(patient).queryParam("limit", 2).queryParam("after", next)
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.size()", equalTo(1))
                .body("next", equalTo(null));
        given().auth().oauth2(patient).queryParam("limit", 5000)
                .when().get("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void idsAndNamesWithEscapesOrBidirectionalOverridesAreRefusedFreeTextKeepsItsMarks() {
        // U+202E shows "ins-" + U+202E + "emca" as "ins-acme" in a report: one recipient posing as another.
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"id\": \"ins-acme\"", "\"id\": \"ins-\\u202Eemca\""))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("recipient.id"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("Acme Health Insurance", "\\u001b[31mAcme Health Insurance"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors.field", hasItem("recipient.name"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"subjects\": [{\"type\": \"PATIENT\", \"id\": \"pat-alice\"}]",
                        "\"subjects\": [{\"type\": \"PATIENT\", \"id\": \"pat-alice\\n\"}]"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors.field", hasItem("subjects[0].id"));
        // Spaces make another person of the same id: "pat-alice " was recorded, decided and shown as not Alice.
        for (String padded : new String[]{"pat-alice ", "\\u00a0pat-alice", "pat\\u2003alice"}) {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                    .body(CLAIM_TO_INSURER.replace("\"id\": \"pat-alice\"", "\"id\": \"" + padded + "\""))
                    .when().post("/api/v1/disclosures")
                    .then().statusCode(400).body("errors.field", hasItem("subjects[0].id"));
        }
        // A lone UTF-16 surrogate is no text: refused where it stands (it was a 500 from the canonical form).
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("on 2026-09-30", "on \\ud800 2026-09-30"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("description"))
                .body("errors[0].message", containsString("lone UTF-16 surrogate"));
        // A number where text belongs is of the wrong type (it was reported as holding NUL).
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"id\": \"ins-acme\"", "\"id\": 123"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("recipient.id"))
                .body("errors[0].message", equalTo("wrong type or shape, expected String"));
        // A name in a right-to-left script keeps its direction marks; a description keeps its line breaks.
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("Acme Health Insurance", "\u05D1\u05D9\u05D8\u05D5\u05D7 \u200FAcme")
                        .replace("on 2026-09-30", "on 2026-09-30\\nsecond line"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(201);
    }

    @Test
    void onlyDisclosingSystemsRecord() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .when().post("/api/v1/disclosures")
                .then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .when().post("/api/v1/disclosures")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void missingAccountingFieldsAreNamed() {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"purposeStatement\": \"Payment of a claim for services rendered\",", ""))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("purposeStatement"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("2026-10-01T09:30:00Z", "2099-01-01T00:00:00Z"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("occurredAt"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace(ALICE,
                        "[{\"type\": \"PATIENT\", \"id\": \"pat-alice\"}, {\"type\": \"PATIENT\", \"id\": \"pat-alice\"}]"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("subjects[1]"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"INSURER\"", "\"PIRATE\""))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("recipient.type"));
    }

    @Test
    void aCohortMemberAndTheTreatingProviderSeeTheEntry() {
        String dataset = CLAIM_TO_INSURER
                .replace(ALICE, "[{\"type\": \"PATIENT\", \"id\": \"pat-cora\", \"treatingProviderId\": \"prov-tim\"}],"
                        + " \"cohort\": {\"description\": \"utilization by provider\","
                        + " \"memberIds\": [\"pat-dina\", \"pat-erin\"], \"size\": 1200}")
                .replace("\"HPAYMT\"", "\"RATE_NEGOTIATION\"");
        String id = given().auth().oauth2(TestTokens.discloser("carebridge-analytics", "org-carebridge"))
                .contentType(ContentType.JSON).body(dataset)
                .when().post("/api/v1/disclosures")
                .then().statusCode(201)
                .body("flags", hasItem("UNAUTHORIZED"))
                .body("decisions.outcome", everyItem(equalTo("DENY")))
                .body("decisions.subjectId", org.hamcrest.Matchers.hasItems("pat-cora", "pat-dina", "pat-erin"))
                .extract().path("id");

        given().auth().oauth2(TestTokens.patient("pat-erin")).when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200).body("content.disclosure.cohort.size", equalTo(1200));
        given().auth().oauth2(TestTokens.therapist("prov-tim", "prac-tim")).when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.patient("pat-erin")).queryParam("flag", "UNAUTHORIZED")
                .queryParam("purpose", "RATE_NEGOTIATION").queryParam("category", "BILLING_CODES")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", hasItem(id));
        given().auth().oauth2(TestTokens.patient("pat-erin")).queryParam("purpose", "HPAYMT")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void aCohortWithoutMembersOrAnEntryWithoutSubjectsIsRefused() {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace(ALICE, "[], \"cohort\": {\"memberIds\": [], \"size\": 10}"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors.field", hasItem("cohort.memberIds"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace(ALICE, "[]"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("subjects"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body("{\"occurredAt\": ")
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("type", equalTo("https://candor.dev/problems/malformed-request"));
        // PostgreSQL's jsonb cannot hold a NUL: refused up front, never a failed commit for everyone batched with it
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"description\": \"", "\"description\": \"\\u0000"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("description"))
                .body("errors[0].message", containsString("NUL"));
    }

    @Test
    void datesTheDatabaseCouldNotStoreAFieldGivenTwiceAndTrailingTextAreRefusedUpFront() {
        for (String occurredAt : new String[]{"0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "-999999999-01-01T00:00:00Z"}) {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                    .body(CLAIM_TO_INSURER.replace("2026-10-01T09:30:00Z", occurredAt))
                    .when().post("/api/v1/disclosures")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("occurredAt"))
                    .body("errors[0].message", containsString("out of range"));
        }
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"recordCount\": 1", "\"recordCount\": 1, \"purpose\": \"TREAT\""))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("purpose"))
                .body("errors[0].message", containsString("more than once"));
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER.replace("\"recordCount\": 1", "\"recordCount\": 9223372036854775808"))
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("recordCount"))
                .body("errors[0].message", containsString("out of range"));
        // Epoch seconds, as a number or as digits, are no date-time: refused, not converted into the log.
        for (String epoch : new String[]{"1700000000", "1700000000.5", "\"1700000000\""}) {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                    .body(CLAIM_TO_INSURER.replace("\"2026-10-01T09:30:00Z\"", epoch))
                    .when().post("/api/v1/disclosures")
                    .then().statusCode(400).body("errors[0].field", equalTo("occurredAt"))
                    .body("errors[0].message", containsString("expected Instant"));
        }
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER + "xyz")
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("type", equalTo("https://candor.dev/problems/malformed-request"));
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsA400NamingItNotA404() {
        String alice = TestTokens.patient("pat-alice");
        Map<String, String> wrong = Map.of("limit", "abc", "after", "1.5", "purpose", "NOT_A_CODE",
                "from", "2026-13-01T00:00:00Z", "to", "-999999999-01-01T00:00:00Z", "proofsAt", "x");
        wrong.forEach((name, value) -> given().auth().oauth2(alice).queryParam(name, value)
                .when().get("/api/v1/disclosures")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(name)));
        given().auth().oauth2(billingJob()).queryParam("wait", "yes").contentType(ContentType.JSON)
                .body(CLAIM_TO_INSURER)
                .when().post("/api/v1/disclosures")
                .then().statusCode(400).body("errors[0].field", equalTo("wait"));
        given().auth().oauth2(alice).queryParam("index", "abc").queryParam("treeSize", "1")
                .when().get("/api/v1/log/proofs/inclusion")
                .then().statusCode(400).body("errors[0].field", equalTo("index"));
    }

    @Test
    void aBodyThatIsNotJsonIsA415BeforeAnyEndpointReadsIt() {
        String id = record(CLAIM_TO_INSURER);
        for (String type : new String[]{"text/plain", ";", "a/b/c"}) {
            given().auth().oauth2(TestTokens.admin("adam")).header("Content-Type", type)
                    .body("{\"reason\": \"retention period ended\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post("/api/v1/admin/disclosures/{id}/erasure", id)
                    .then().statusCode(415).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200).body("erased", equalTo(false));
    }

    @Test
    void anEncodedNulInTheQueryOrPathIsRefusedBeforeAnyDatabaseCall() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).urlEncodingEnabled(false)
                .when().get("/api/v1/disclosures?recipient=%00")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("query"));
        given().auth().oauth2(TestTokens.patient("pat-alice")).urlEncodingEnabled(false)
                .when().get("/api/v1/disclosures/a%00b")
                .then().statusCode(400).body("errors[0].field", equalTo("path"));
    }

    @jakarta.inject.Inject
    dev.candor.ledger.domain.Settlement settlement;

    @Test
    void whenConsentServiceIsDownTheEntryIsRecordedUndecidedAndSettledLater() {
        String rateNegotiation = CLAIM_TO_INSURER.replace("\"HPAYMT\"", "\"RATE_NEGOTIATION\"");
        String id;
        FakeConsentDecisions.down = true;
        try {
            id = given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(rateNegotiation)
                    .when().post("/api/v1/disclosures")
                    .then().statusCode(201)
                    .body("flags", hasItem("UNDECIDED"))
                    .body("decisions", org.hamcrest.Matchers.empty())
                    .extract().path("id");
            org.assertj.core.api.Assertions.assertThat(settlement.settleOnce()).isZero();
        } finally {
            FakeConsentDecisions.down = false;
        }
        given().auth().oauth2(TestTokens.regulator("rita")).queryParam("flag", "UNDECIDED")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", hasItem(id));

        org.assertj.core.api.Assertions.assertThat(settlement.settleOnce()).isGreaterThanOrEqualTo(1);

        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("flags", hasItem("UNAUTHORIZED"))
                .body("flags", not(hasItem("UNDECIDED")))
                .body("decisions[0].outcome", equalTo("DENY"))
                .body("content.flags", hasItem("UNDECIDED"));
        given().auth().oauth2(TestTokens.regulator("rita")).queryParam("flag", "UNAUTHORIZED")
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).body("items.id", hasItem(id));
    }
}
