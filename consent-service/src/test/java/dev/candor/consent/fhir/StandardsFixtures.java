package dev.candor.consent.fhir;

import dev.candor.consent.Api;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;

/** What the FHIR and CDS Hooks tests share: Alice's consent of the main story, fresh patients, recording. */
public final class StandardsFixtures {

    private StandardsFixtures() {
    }

    /** Alice's consent of the main story: claims to her insurer, never frequency/duration for negotiation. */
    public static final String GENERAL_CONSENT = """
            {"kind": "GENERAL_CONSENT",
             "provisions": [
               {"effect": "PERMIT", "recipientIds": ["ins-acme"], "categories": ["BILLING_CODES", "SESSION_DATES"],
                "purposes": ["HPAYMT"]},
               {"effect": "DENY", "recipientTypes": ["INSURER", "DATA_BROKER"],
                "categories": ["SESSION_FREQUENCY", "SESSION_DURATION"], "purposes": ["RATE_NEGOTIATION", "HOPERAT"]}],
             "signedText": "I allow Acme Health to receive billing codes and dates of service for my claims."}
            """;

    /** Every test uses fresh patient ids, so tests never interfere. */
    public static String freshPatient() {
        return Api.freshPatient();
    }

    /** Records a directive through {@code POST /api/v1/consents}; its id. */
    public static String record(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(201).extract().path("id");
    }
}
