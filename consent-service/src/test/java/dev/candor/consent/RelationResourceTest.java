package dev.candor.consent;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.candor.consent.Api.ACME;
import static dev.candor.consent.Api.ALICE_CONSENT;
import static dev.candor.consent.Api.decision;
import static dev.candor.consent.Api.freshPatient;
import static dev.candor.consent.Api.patient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class RelationResourceTest {

    static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse record(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/relations").then();
    }

    static ValidatableResponse decide(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/decisions").then();
    }

    @Test
    void aTherapistAsksAboutAPatientOnlyWhileTheyHaveACareRelation() {
        String patient = freshPatient();
        String provider = fresh("prov");
        String therapist = TestTokens.therapist(provider, "prac-harbor");
        String claim = decision(patient(patient), ACME, "\"BILLING_CODES\"", "HPAYMT", null);
        decide(therapist, claim).statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("the caller may ask only about subjects it has a care or business relation with"));
        // Break-glass is the exception: an emergency provider has no care relation yet (the decision is flagged).
        decide(therapist, decision(patient(patient), "{\"id\": \"" + provider + "\", \"type\": \"PROVIDER\"}",
                "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"unconscious in the ER\""))
                .statusCode(200).body("breakGlass", equalTo(true)).body("reviewRequired", equalTo(true));
        given().auth().oauth2(therapist).contentType(ContentType.JSON).body("{\"requests\": [" + claim + ", "
                        + decision(patient(patient), ACME, "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"ER\"") + "]}")
                .when().post("/api/v1/decisions/batch").then().statusCode(403);

        // The patient names their therapist.
        String id = record(TestTokens.patient(patient), "{\"kind\": \"CARE\", \"partyId\": \"" + provider + "\"}")
                .statusCode(201)
                .body("kind", equalTo("CARE")).body("subjectType", equalTo("PATIENT"))
                .body("subjectId", equalTo(patient)).body("partyId", equalTo(provider))
                .body("status", equalTo("ACTIVE")).body("version", equalTo(1)).body("actorRole", equalTo("patient"))
                .extract().path("id");
        decide(therapist, claim).statusCode(200).body("decision", equalTo("PERMIT"));
        Instant whileRelated = Instant.now();
        // Their own provider data they may always ask about; another provider's not.
        decide(therapist, decision("{\"type\": \"PROVIDER\", \"id\": \"" + provider + "\"}", ACME,
                "\"PRACTICE_PATTERNS\"", "HPAYMT", null)).statusCode(200);
        decide(therapist, decision("{\"type\": \"PROVIDER\", \"id\": \"prov-other\"}", ACME,
                "\"PRACTICE_PATTERNS\"", "HPAYMT", null)).statusCode(403);

        // The therapist ends the care relation; from then on they may not ask; ending twice is a conflict.
        given().auth().oauth2(therapist).contentType(ContentType.JSON).body("{\"reason\": \"treatment completed\"}")
                .when().post("/api/v1/relations/{id}/end", id)
                .then().statusCode(200).body("status", equalTo("ENDED")).body("version", equalTo(2))
                .body("reason", equalTo("treatment completed")).body("actorRole", equalTo("therapist"));
        decide(therapist, claim).statusCode(403);
        given().auth().oauth2(therapist).when().post("/api/v1/relations/{id}/end", id)
                .then().statusCode(409).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.patient(patient)).when().get("/api/v1/relations/{id}/versions", id)
                .then().statusCode(200).body("status", equalTo(List.of("ACTIVE", "ENDED")));
        given().auth().oauth2(therapist).queryParam("party", provider).queryParam("asOf", whileRelated.toString())
                .when().get("/api/v1/relations")
                .then().statusCode(200).body("id", equalTo(List.of(id)));
        given().auth().oauth2(therapist).queryParam("party", provider).queryParam("asOf", Instant.now().toString())
                .when().get("/api/v1/relations")
                .then().statusCode(200).body("$", empty());
    }

    @Test
    void aDisclosingOrganisationRecordsItsOwnBusinessRelationsAndAsksAboutThoseSubjectsOnly() {
        String alice = freshPatient();
        String bob = freshPatient();
        String org = fresh("org");
        String billing = TestTokens.discloser("billing-" + org, org);
        record(billing, "{\"kind\": \"BUSINESS\", \"subjectId\": \"" + alice + "\"}")
                .statusCode(201).body("partyId", equalTo(org)).body("actorRole", equalTo("discloser"));
        record(billing, "{\"kind\": \"BUSINESS\", \"subjectType\": \"PROVIDER\", \"subjectId\": \"prov-" + org
                + "\"}").statusCode(201);
        record(billing, "{\"kind\": \"BUSINESS\", \"subjectId\": \"" + alice + "\"}")
                .statusCode(409).contentType("application/problem+json");
        record(billing, "{\"kind\": \"BUSINESS\", \"subjectId\": \"" + bob + "\", \"partyId\": \"org-other\"}")
                .statusCode(403).contentType("application/problem+json");
        record(billing, "{\"kind\": \"CARE\", \"subjectId\": \"" + bob + "\", \"partyId\": \"prov-tom\"}")
                .statusCode(403);

        String aggregate = decision(patient(alice) + ", {\"type\": \"PROVIDER\", \"id\": \"prov-" + org + "\"}",
                ACME, "\"SESSION_FREQUENCY\"", "RATE_NEGOTIATION", null);
        decide(billing, aggregate).statusCode(200).body("decision", equalTo("DENY"));
        // One member without a relation refuses the whole request, and nothing is recorded about anyone.
        String withBob = aggregate.replace(patient(alice), patient(alice) + ", " + patient(bob));
        decide(billing, withBob).statusCode(403);
        given().auth().oauth2(billing).contentType(ContentType.JSON).body("{\"requests\": [" + withBob + "]}")
                .when().post("/api/v1/decisions/batch").then().statusCode(403);
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", bob)).isZero();
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", alice)).isEqualTo(1);
    }

    @Test
    void theCurrentStatusShowsWhatIsPermittedAndDeniedButNoHistory() {
        String patient = freshPatient();
        String provider = fresh("prov");
        Api.create(TestTokens.patient(patient), ALICE_CONSENT);
        Api.relate("CARE", "PATIENT", patient, provider);
        String therapist = TestTokens.therapist(provider, "prac-harbor");

        Map<String, Object> status = given().auth().oauth2(therapist).queryParam("patient", patient)
                .when().get("/api/v1/consents/status")
                .then().statusCode(200)
                .body("patientId", equalTo(patient))
                .body("policyProfile", equalTo("HIPAA"))
                .body("permitted", hasSize(1))
                .body("permitted[0].recipientIds", equalTo(List.of("ins-acme")))
                .body("permitted[0].purposes", equalTo(List.of("HPAYMT")))
                .body("permitted[0].categories", hasItem("BILLING_CODES"))
                .body("permitted[0].until", nullValue())
                .body("denied", hasSize(1))
                .body("denied[0].categories", hasItem("SESSION_FREQUENCY"))
                .body("denied[0].purposes", hasItem("RATE_NEGOTIATION"))
                .extract().as(Map.class);
        assertThat(status.toString()).doesNotContain("version", "textSha256", "signedText", "recordedBy",
                "directiveId");

        given().auth().oauth2(TestTokens.therapist(fresh("prov"), "prac-harbor")).queryParam("patient", patient)
                .when().get("/api/v1/consents/status")
                .then().statusCode(403).contentType("application/problem+json");
        // The same therapist still may not read the history itself.
        given().auth().oauth2(therapist).queryParam("patient", patient).when().get("/api/v1/consents")
                .then().statusCode(403);
    }

    @Test
    void badRelationsAreProblems() {
        String admin = TestTokens.admin("adam");
        record(admin, "{\"subjectId\": \"pat-x\", \"partyId\": \"prov-x\"}")
                .statusCode(400).body("errors[0].field", equalTo("kind"));
        record(admin, "{\"kind\": \"FRIENDSHIP\", \"subjectId\": \"pat-x\", \"partyId\": \"prov-x\"}")
                .statusCode(400).body("detail", containsString("FRIENDSHIP"));
        record(admin, "{\"kind\": \"CARE\", \"subjectType\": \"PROVIDER\", \"subjectId\": \"prov-a\", "
                + "\"partyId\": \"prov-x\"}").statusCode(400).body("errors[0].field", equalTo("subjectType"));
        record(admin, "{\"kind\": \"CARE\", \"subjectId\": \"pat-x\"}")
                .statusCode(400).body("errors[0].field", equalTo("partyId"));
        record(admin, "{\"kind\": \"CARE\", \"partyId\": \"prov-x\"}")
                .statusCode(400).body("errors[0].field", equalTo("subjectId"));
        given().auth().oauth2(admin).when().get("/api/v1/relations")
                .then().statusCode(400).body("errors[0].field", equalTo("subject"));
        given().auth().oauth2(admin).when().get("/api/v1/relations/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor")).contentType(ContentType.JSON)
                .body("{\"kind\": \"CARE\", \"subjectId\": \"pat-x\", \"partyId\": \"prov-tom\"}")
                .when().post("/api/v1/relations").then().statusCode(403);
    }
}
