package dev.candor.consent.fhir;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.candor.consent.fhir.FhirConsentTest.hipaaAuthorization;
import static dev.candor.consent.fhir.FhirConsentTest.importFhir;
import static dev.candor.consent.fhir.FhirConsentTest.readFhir;
import static dev.candor.consent.fhir.FhirConsentTest.withSignedText;
import static dev.candor.consent.fhir.StandardsFixtures.freshPatient;
import static dev.candor.consent.fhir.StandardsFixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * An imported FHIR Consent is held to the same rules as {@code POST /api/v1/consents}: a black-box probe stored a NUL
 * in an authorization element through the import (after which every read of the patient's directives failed), a
 * 5,000-character signature and a 600 KB discloser. Each is now a 400 naming the FHIR element, and nothing is written.
 */
@QuarkusTest
class FhirConsentImportRulesTest {

    static final String ELEMENTS = "Consent.extension(https://candor.dev/fhir/StructureDefinition/"
            + "authorization-elements).extension(";
    static final String SIGNED_TEXT = "I authorize CareBridge to give Acme Health my session frequency.";

    /** A patient with one authorization recorded through the JSON API, and that authorization as a FHIR Consent. */
    record Fixture(String patient, String token, String exported, String consent) {
    }

    static Fixture fixture() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String id = record(token, hipaaAuthorization());
        String exported = readFhir(token, id).statusCode(200).extract().asString();
        assertThat(exported).contains("\"CareBridge Practice Services\"").contains("\"Alice Example\"");
        return new Fixture(patient, token, exported, withSignedText(exported, SIGNED_TEXT));
    }

    /** The patient's directives are unchanged (only the one recorded first) and still readable, both ways. */
    static void onlyTheFirstDirective(Fixture f) {
        given().auth().oauth2(f.token()).queryParam("patient", f.patient())
                .when().get("/api/v1/consents")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].authorization.discloser", equalTo("CareBridge Practice Services"));
        given().auth().oauth2(f.token()).queryParam("patient", f.patient())
                .when().get("/api/v1/fhir/Consent")
                .then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void aNulInAnAuthorizationElementIsA400NamingItAndNothingIsWritten() {
        Fixture f = fixture();
        importFhir(f.token(), f.consent().replace("\"CareBridge Practice Services\"",
                "\"CareBridge\\u0000 Practice Services\""))
                .statusCode(400).contentType("application/problem+json")
                .body("type", containsString("validation"))
                .body("errors.field", equalTo(List.of(ELEMENTS + "discloser)")))
                .body("errors[0].message", containsString("NUL"));
        // The signed text (base64 in the attachment) may not hold one either.
        importFhir(f.token(), withSignedText(f.exported(), "I authorize\u0000 CareBridge"))
                .statusCode(400)
                .body("errors.field", hasItem("Consent.sourceAttachment.data"));
        onlyTheFirstDirective(f);
        // The patient can still act on what they have.
        String id = given().auth().oauth2(f.token()).queryParam("patient", f.patient())
                .when().get("/api/v1/consents").then().statusCode(200).extract().path("[0].id");
        given().auth().oauth2(f.token()).when().post("/api/v1/consents/{id}/revoke", id).then().statusCode(200);
    }

    @Test
    void anAuthorizationElementLongerThanTheJsonApiAllowsIsA400() {
        Fixture f = fixture();
        importFhir(f.token(), f.consent().replace("\"Alice Example\"", "\"" + "A".repeat(5_000) + "\""))
                .statusCode(400).contentType("application/problem+json")
                .body("type", containsString("validation"))
                .body("errors.field", equalTo(List.of(ELEMENTS + "signature)")))
                .body("detail", containsString("signature"));
        importFhir(f.token(), f.consent().replace("\"CareBridge Practice Services\"",
                "\"" + "C".repeat(600_000) + "\""))
                .statusCode(400)
                .body("errors.field", equalTo(List.of(ELEMENTS + "discloser)")));
        // At the limit it is accepted, as by POST /api/v1/consents.
        importFhir(f.token(), f.consent().replace("\"Alice Example\"", "\"" + "A".repeat(500) + "\""))
                .statusCode(201);
        given().auth().oauth2(f.token()).queryParam("patient", f.patient())
                .when().get("/api/v1/consents").then().statusCode(200).body("$", hasSize(2));
    }

    @Test
    void aLoneSurrogateIsA400ButAPairIsACharacter() {
        Fixture f = fixture();
        importFhir(f.token(), f.consent().replace("\"Alice Example\"", "\"Alice \\ud800Example\""))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of(ELEMENTS + "signature)")))
                .body("errors[0].message", containsString("surrogate"));
        importFhir(f.token(), f.consent().replace("\"CareBridge Practice Services\"",
                "\"CareBridge Practice Services\\udc00\""))
                .statusCode(400)
                .body("errors.field", equalTo(List.of(ELEMENTS + "discloser)")));
        importFhir(f.token(), f.consent().replace("\"ins-acme\"", "\"ins-acme\\ud83d\""))
                .statusCode(400)
                .body("errors.field", hasItem(containsString(".actor[0].reference")));
        onlyTheFirstDirective(f);

        importFhir(f.token(), f.consent().replace("\"Alice Example\"", "\"Alice Example \\ud83d\\ude00\""))
                .statusCode(201);
    }
}
