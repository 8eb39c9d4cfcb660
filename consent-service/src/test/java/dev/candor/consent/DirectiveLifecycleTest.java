package dev.candor.consent;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.candor.consent.Api.ALICE_CONSENT;
import static dev.candor.consent.Api.completeElements;
import static dev.candor.consent.Api.create;
import static dev.candor.consent.Api.freshPatient;
import static dev.candor.consent.Api.rateAuthorization;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Amend, revoke, version history and "in force at time T", with who may do each. */
@QuarkusTest
class DirectiveLifecycleTest {

    static final String AMENDED = """
            {
              "provisions": [
                {"effect": "PERMIT", "recipientIds": ["ins-acme"], "categories": ["BILLING_CODES"],
                 "purposes": ["HPAYMT"]}
              ],
              "signedText": "Billing codes only, from now on.",
              "baseVersion": 1
            }
            """;

    @Test
    void amendAndRevokeAddVersionsAndAsOfAnswersWhatWasInForce() throws InterruptedException {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String id = create(token, ALICE_CONSENT);
        Instant afterCreate = pause();

        given().auth().oauth2(token).contentType(ContentType.JSON).body(AMENDED)
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("version", equalTo(2))
                .body("status", equalTo("ACTIVE"))
                .body("provisions", hasSize(1))
                .body("textSha256", notNullValue());
        Instant afterAmend = pause();

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"reason\": \"I changed insurer\", \"baseVersion\": 2}")
                .when().post("/api/v1/consents/{id}/revoke", id)
                .then().statusCode(200)
                .body("version", equalTo(3))
                .body("status", equalTo("REVOKED"))
                .body("revocationReason", equalTo("I changed insurer"))
                .body("textSha256", nullValue())
                .body("provisions", hasSize(1));

        given().auth().oauth2(token).when().get("/api/v1/consents/{id}/versions", id)
                .then().statusCode(200)
                .body("version", equalTo(List.of(1, 2, 3)))
                .body("status", equalTo(List.of("ACTIVE", "ACTIVE", "REVOKED")))
                .body("recordedBy", hasItem(patient));

        asOf(token, patient, afterCreate).body("version", equalTo(List.of(1)))
                .body("[0].provisions", hasSize(2));
        asOf(token, patient, afterAmend).body("version", equalTo(List.of(2)));
        asOf(token, patient, Instant.now()).body("", empty());
        asOf(token, patient, Instant.parse("2020-01-01T00:00:00Z")).body("", empty());
        given().auth().oauth2(token).queryParam("patient", patient)
                .when().get("/api/v1/consents")
                .then().statusCode(200).body("status", equalTo(List.of("REVOKED")));
    }

    @Test
    void aRevokedDirectiveCannotBeChangedAgainAndStaleVersionsConflict() {
        String token = TestTokens.patient(freshPatient());
        String id = create(token, ALICE_CONSENT);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(AMENDED.replace("\"baseVersion\": 1",
                        "\"baseVersion\": 7"))
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("is at version 1, not 7"));

        given().auth().oauth2(token).when().post("/api/v1/consents/{id}/revoke", id)
                .then().statusCode(200).body("status", equalTo("REVOKED"));
        given().auth().oauth2(token).when().post("/api/v1/consents/{id}/revoke", id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/conflict"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(AMENDED.replace(", \"baseVersion\": 1", ""))
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void onlyThePatientOrTheirDelegateChangesADirective() {
        String patient = freshPatient();
        Api.delegateOf(patient, "dana");
        String id = create(TestTokens.patient(patient), ALICE_CONSENT);

        given().auth().oauth2(TestTokens.delegate("dana", patient)).contentType(ContentType.JSON).body(AMENDED)
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(200).body("version", equalTo(2)).body("actorRole", equalTo("delegate"));

        given().auth().oauth2(TestTokens.patient(freshPatient())).contentType(ContentType.JSON).body(AMENDED)
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("directive " + id + " not found"));
        given().auth().oauth2(TestTokens.delegate("dan", freshPatient()))
                .when().post("/api/v1/consents/{id}/revoke", id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin("adam"))
                .when().post("/api/v1/consents/{id}/revoke", id)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor")).contentType(ContentType.JSON)
                .body(AMENDED).when().put("/api/v1/consents/{id}", id)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.patient(patient))
                .when().post("/api/v1/consents/{id}/revoke", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.regulator("rita")).when().get("/api/v1/consents/{id}/versions", id)
                .then().statusCode(200).body("version", equalTo(List.of(1, 2)));
        given().auth().oauth2(TestTokens.patient(freshPatient())).when().get("/api/v1/consents/{id}/versions", id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aHipaaAuthorizationNeedsEveryCoreElement() {
        String patient = freshPatient();
        Api.delegateOf(patient, "dana");
        String token = TestTokens.patient(patient);

        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(rateAuthorization(completeElements()))
                .when().post("/api/v1/consents")
                .then().statusCode(201)
                .body("kind", equalTo("HIPAA_AUTHORIZATION"))
                .body("authorization.signature", equalTo("Alice Example"))
                .body("expiresAt", notNullValue())
                .extract().path("id");

        String withoutRevocation = completeElements().replaceAll(",\\s*\"revocationStatement\": \"[^\"]*\"", "");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(rateAuthorization(withoutRevocation))
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("authorization.revocationStatement")))
                .body("errors[0].message", containsString("164.508(c)(2)(i)"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(rateAuthorization(completeElements()).replaceAll("\"authorization\": \\{[^}]*},", ""))
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("authorization.informationDescription", "authorization.discloser",
                        "authorization.recipient", "authorization.purpose", "authorization.expiresAt",
                        "authorization.signature", "authorization.signedAt", "authorization.revocationStatement"));

        // A delegate signing must state their authority (164.508(c)(1)(vi)); amending re-checks the elements.
        given().auth().oauth2(TestTokens.delegate("dana", patient)).contentType(ContentType.JSON)
                .body(rateAuthorization(completeElements()).replace("\"kind\": \"HIPAA_AUTHORIZATION\",", ""))
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("authorization.representativeAuthority")));
        given().auth().oauth2(TestTokens.delegate("dana", patient)).contentType(ContentType.JSON)
                .body(rateAuthorization(completeElements() + ", \"representativeAuthority\": \"legal guardian\""))
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(200).body("version", equalTo(2))
                .body("authorization.representativeAuthority", equalTo("legal guardian"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(ALICE_CONSENT.replace("\"kind\": \"GENERAL_CONSENT\",", "\"kind\": \"RESTRICTION\",")
                        .replace("\"signedText\"", "\"baseVersion\": 2, \"signedText\""))
                .when().put("/api/v1/consents/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("kind"));
    }

    @Test
    void badDirectivesAreRefusedNamingTheRuleAndNothingIsWritten() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);

        String psychotherapyCombined = """
                {"kind": "PSYCHOTHERAPY_NOTES_AUTHORIZATION",
                 "provisions": [{"effect": "PERMIT", "recipientIds": ["prov-tess"],
                                 "categories": ["PSYCHOTHERAPY_NOTES", "DIAGNOSIS"], "purposes": ["TREAT"]}],
                 "authorization": {%s}, "signedText": "notes and diagnosis"}
                """.formatted(completeElements());
        given().auth().oauth2(token).contentType(ContentType.JSON).body(psychotherapyCombined)
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("provisions[0].categories")))
                .body("detail", containsString("never combined"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(ALICE_CONSENT.replace("\"BILLING_CODES\", \"SESSION_DATES\"", "\"PSYCHOTHERAPY_NOTES\""))
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("provisions[0].categories"))
                .body("errors[0].message", containsString("own PSYCHOTHERAPY_NOTES_AUTHORIZATION"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(ALICE_CONSENT.replace("\"kind\": \"GENERAL_CONSENT\"", "\"kind\": \"RESTRICTION\""))
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("provisions[0].effect"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(ALICE_CONSENT.replace("\"kind\": \"GENERAL_CONSENT\"", "\"kind\": \"WHATEVER\""))
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("kind"));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"kind\": \"GENERAL_CONSENT\", \"provisions\": [], \"signedText\": \"nothing\"}")
                .when().post("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("provisions"));

        given().auth().oauth2(token).queryParam("patient", patient).queryParam("asOf", "yesterday")
                .when().get("/api/v1/consents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("asOf"));

        given().auth().oauth2(token).queryParam("patient", patient)
                .when().get("/api/v1/consents")
                .then().statusCode(200).body("", empty());
        assertThat(Api.count(
                "SELECT count(*) FROM directive WHERE subject_id = ?", patient)).isZero();
    }

    @Test
    void theHistoryIsAppendOnlyInTheDatabaseToo() {
        String patient = freshPatient();
        create(TestTokens.patient(patient), ALICE_CONSENT);
        assertThatThrownBy(() -> Api.count(
                        "WITH d AS (DELETE FROM directive_version WHERE directive_id IN "
                                + "(SELECT id FROM directive WHERE subject_id = ?) RETURNING 1) SELECT count(*) FROM d",
                        patient))
                .hasStackTraceContaining("append-only");
    }

    private static ValidatableResponse asOf(String token, String patient, Instant asOf) {
        return given().auth().oauth2(token).queryParam("patient", patient).queryParam("asOf", asOf.toString())
                .when().get("/api/v1/consents")
                .then().statusCode(200);
    }

    /** A moment strictly between two writes. */
    private static Instant pause() throws InterruptedException {
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        return between;
    }
}
