package dev.candor.consent;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.candor.testsupport.PostgresTestResource;

import static dev.candor.consent.Api.ALICE_CONSENT;
import static dev.candor.consent.Api.freshPatient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class DelegationResourceTest {

    static String grantBody(String delegate, String extra) {
        return """
                {"delegateSubject": "%s", "delegateName": "Dana Archer", "kind": "PERSONAL_REPRESENTATIVE",
                 "scopes": ["MANAGE_CONSENT", "READ_DISCLOSURES"]%s}
                """.formatted(delegate, extra == null ? "" : ", " + extra);
    }

    @Test
    void aPatientGrantsADelegationTheDelegateActsAndTheHistoryKeepsEveryVersion() throws InterruptedException {
        String patient = freshPatient();
        String alice = TestTokens.patient(patient);
        String id = given().auth().oauth2(alice).contentType(ContentType.JSON).body(grantBody("user-dana", null))
                .when().post("/api/v1/delegations")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/delegations/"))
                .body("patientId", equalTo(patient))
                .body("delegateSubject", equalTo("user-dana"))
                .body("kind", equalTo("PERSONAL_REPRESENTATIVE"))
                .body("scopes", equalTo(java.util.List.of("MANAGE_CONSENT", "READ_DISCLOSURES")))
                .body("status", equalTo("ACTIVE"))
                .body("version", equalTo(1))
                .body("validUntil", nullValue())
                .body("recordedBy", equalTo(patient))
                .body("actorRole", equalTo("patient"))
                .extract().path("id");
        String dana = TestTokens.delegate("dana", patient);

        // Dana records a directive for the patient: the version says a delegate acted.
        given().auth().oauth2(dana).contentType(ContentType.JSON)
                .body(ALICE_CONSENT.replaceFirst("\\{", "{\"patientId\": \"" + patient + "\", "))
                .when().post("/api/v1/consents")
                .then().statusCode(201).body("actorRole", equalTo("delegate")).body("recordedBy", equalTo("dana"));

        // Dana sees the delegation (by id and as "me"); so do the patient and a regulator.
        given().auth().oauth2(dana).when().get("/api/v1/delegations/{id}", id).then().statusCode(200);
        given().auth().oauth2(dana).queryParam("delegate", "me").when().get("/api/v1/delegations")
                .then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(TestTokens.regulator("rita")).queryParam("delegate", "user-dana")
                .queryParam("patient", patient).when().get("/api/v1/delegations")
                .then().statusCode(200).body("id", equalTo(java.util.List.of(id)));
        Instant whileInForce = Instant.now();
        Thread.sleep(5);

        given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"reason\": \"Dana moved abroad\"}")
                .when().post("/api/v1/delegations/{id}/revoke", id)
                .then().statusCode(200)
                .body("status", equalTo("REVOKED")).body("version", equalTo(2))
                .body("reason", equalTo("Dana moved abroad"))
                .body("scopes", hasSize(2));

        // From now on Dana is refused although her token still names the patient; the history keeps both versions.
        given().auth().oauth2(dana).contentType(ContentType.JSON)
                .body(ALICE_CONSENT.replaceFirst("\\{", "{\"patientId\": \"" + patient + "\", "))
                .when().post("/api/v1/consents")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(alice).when().get("/api/v1/delegations/{id}/versions", id)
                .then().statusCode(200)
                .body("status", equalTo(java.util.List.of("ACTIVE", "REVOKED")))
                .body("version", equalTo(java.util.List.of(1, 2)));

        // Which delegations were in force at T.
        given().auth().oauth2(alice).queryParam("patient", patient).queryParam("asOf", whileInForce.toString())
                .when().get("/api/v1/delegations")
                .then().statusCode(200).body("id", equalTo(java.util.List.of(id))).body("status[0]", equalTo("ACTIVE"));
        given().auth().oauth2(alice).queryParam("patient", patient).queryParam("asOf", Instant.now().toString())
                .when().get("/api/v1/delegations")
                .then().statusCode(200).body("$", empty());
        given().auth().oauth2(alice).queryParam("patient", patient)
                .queryParam("asOf", whileInForce.minus(1, ChronoUnit.HOURS).toString())
                .when().get("/api/v1/delegations")
                .then().statusCode(200).body("$", empty());
    }

    @Test
    void aDelegationIsInForceOnlyWithinItsPeriodAndOnlyWithTheClaimToo() {
        String patient = freshPatient();
        Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS);
        given().auth().oauth2(TestTokens.patient(patient)).contentType(ContentType.JSON)
                .body(grantBody("user-later", "\"validFrom\": \"" + tomorrow + "\""))
                .when().post("/api/v1/delegations").then().statusCode(201);
        given().auth().oauth2(TestTokens.delegate("later", patient)).queryParam("patient", patient)
                .when().get("/api/v1/consents").then().statusCode(403);

        Api.delegateOf(patient, "dana");
        given().auth().oauth2(TestTokens.delegate("dana", patient)).queryParam("patient", patient)
                .when().get("/api/v1/consents").then().statusCode(200);
        // The record alone is not enough: the token must name the patient in delegate_for as well.
        given().auth().oauth2(TestTokens.delegate("dana", "pat-someone-else")).queryParam("patient", patient)
                .when().get("/api/v1/consents").then().statusCode(403);
    }

    @Test
    void anAdminGrantsForAPatientAndTheDelegateMayRenounce() {
        String patient = freshPatient();
        String id = given().auth().oauth2(TestTokens.admin("adam")).contentType(ContentType.JSON)
                .body(grantBody("user-gina", "\"patientId\": \"" + patient + "\"")
                        .replace("PERSONAL_REPRESENTATIVE", "GUARDIAN"))
                .when().post("/api/v1/delegations")
                .then().statusCode(201).body("actorRole", equalTo("admin")).body("kind", equalTo("GUARDIAN"))
                .extract().path("id");
        given().auth().oauth2(TestTokens.delegate("gina", patient)).when().post("/api/v1/delegations/{id}/revoke", id)
                .then().statusCode(200).body("actorRole", equalTo("delegate"));
    }

    @Test
    void badGrantsAreProblemsAndNothingIsWritten() {
        String patient = freshPatient();
        String alice = TestTokens.patient(patient);
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana", null).replace("READ_DISCLOSURES", "READ_EVERYTHING"))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("READ_EVERYTHING"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana", null).replace("\"MANAGE_CONSENT\", \"READ_DISCLOSURES\"", ""))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("scopes"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana\\u200B", null))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("delegateSubject"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana", null).replace("Dana Archer", "Dana\\nArcher\\u202E"))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("delegateName"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana", null).replace("PERSONAL_REPRESENTATIVE", "FRIEND"))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("detail", containsString("FRIEND"));
        Instant now = Instant.now();
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana", "\"validFrom\": \"" + now.plusSeconds(3600) + "\", \"validUntil\": \""
                        + now.plusSeconds(60) + "\""))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("validUntil"))
                .body("errors[0].message", containsString("after validFrom"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana", "\"validFrom\": \"2020-01-01T00:00:00Z\", "
                        + "\"validUntil\": \"2021-01-01T00:00:00Z\""))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("validUntil"));
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(grantBody("user-" + patient, null))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("delegateSubject"))
                .body("errors[0].message", containsString("themselves"));
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(grantBody(" ", null))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("delegateSubject"));
        given().auth().oauth2(TestTokens.admin("adam")).contentType(ContentType.JSON).body(grantBody("user-x", null))
                .when().post("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("patientId"));
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(grantBody("user-dana", "\"patientId\": \"" + freshPatient() + "\""))
                .when().post("/api/v1/delegations")
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(Api.count("SELECT count(*) FROM delegation WHERE patient_id = ?", patient)).isZero();

        String id = given().auth().oauth2(alice).contentType(ContentType.JSON).body(grantBody("user-dana", null))
                .when().post("/api/v1/delegations").then().statusCode(201).extract().path("id");
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(grantBody("user-dana", null))
                .when().post("/api/v1/delegations")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(id));
        given().auth().oauth2(alice).when().post("/api/v1/delegations/{id}/revoke", id).then().statusCode(200);
        given().auth().oauth2(alice).when().post("/api/v1/delegations/{id}/revoke", id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/conflict"));
        assertThat(Api.count("SELECT count(*) FROM delegation_version v JOIN delegation d ON d.id = v.delegation_id "
                + "WHERE d.patient_id = ?", patient)).isEqualTo(2);
    }

    @Test
    void othersCannotTellThatADelegationExists() {
        String patient = freshPatient();
        String id = given().auth().oauth2(TestTokens.patient(patient)).contentType(ContentType.JSON)
                .body(grantBody("user-dana", null)).post("/api/v1/delegations").then().statusCode(201)
                .extract().path("id");
        // Another patient and another delegate of the patient get exactly the answer for an absent delegation.
        for (String stranger : new String[]{TestTokens.patient(freshPatient()), TestTokens.delegate("eve", patient)}) {
            given().auth().oauth2(stranger).when().get("/api/v1/delegations/{id}", id)
                    .then().statusCode(404).contentType("application/problem+json")
                    .body("detail", equalTo("delegation " + id + " not found"));
        }
        String absent = java.util.UUID.randomUUID().toString();
        given().auth().oauth2(TestTokens.patient(freshPatient())).when().get("/api/v1/delegations/{id}", absent)
                .then().statusCode(404).body("detail", equalTo("delegation " + absent + " not found"));
        // Therapists are refused by role before anything is looked up.
        given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor")).when().get("/api/v1/delegations/{id}", id)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.patient(freshPatient())).when().post("/api/v1/delegations/{id}/revoke", id)
                .then().statusCode(404).body("detail", equalTo("delegation " + id + " not found"));
        given().auth().oauth2(TestTokens.regulator("rita")).when().post("/api/v1/delegations/{id}/revoke", id)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.patient(freshPatient())).queryParam("patient", patient)
                .when().get("/api/v1/delegations").then().statusCode(403);
        given().auth().oauth2(TestTokens.patient(patient)).when().get("/api/v1/delegations")
                .then().statusCode(400).body("errors[0].field", equalTo("patient"));
        given().auth().oauth2(TestTokens.patient(patient)).queryParam("patient", patient).queryParam("asOf", "yesterday")
                .when().get("/api/v1/delegations").then().statusCode(400).body("errors[0].field", equalTo("asOf"));
        given().auth().oauth2(TestTokens.patient(patient)).when().get("/api/v1/delegations/{id}", id)
                .then().statusCode(200).body("id", not(empty()));
    }

    @Test
    void theDelegationHistoryIsAppendOnlyInTheDatabase() throws SQLException {
        String patient = freshPatient();
        Api.delegateOf(patient, "dana");
        try (Connection c = PostgresTestResource.server().superuser(PostgresTestResource.currentDatabase())) {
            for (String sql : new String[]{
                    "UPDATE delegation_version SET scopes = '{MANAGE_CONSENT}' WHERE delegation_id IN "
                            + "(SELECT id FROM delegation WHERE patient_id = '" + patient + "')",
                    "DELETE FROM delegation WHERE patient_id = '" + patient + "'"}) {
                assertThatThrownBy(() -> c.createStatement().executeUpdate(sql))
                        .hasMessageContaining("append-only");
            }
        }
    }
}
