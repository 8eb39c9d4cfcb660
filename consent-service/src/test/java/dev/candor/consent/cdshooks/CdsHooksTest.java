package dev.candor.consent.cdshooks;

import dev.candor.consent.Api;
import dev.candor.consent.domain.DecisionAdmission;
import dev.candor.consent.domain.DecisionService;
import dev.candor.testsupport.PostgresTestResource;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.candor.consent.fhir.StandardsFixtures.GENERAL_CONSENT;
import static dev.candor.consent.fhir.StandardsFixtures.freshPatient;
import static dev.candor.consent.fhir.StandardsFixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * The CDS Hooks {@code patient-consent-consult} service over HTTP: discovery, a permit by consent, a deny by the
 * patient's directive, a decision without consent, bad requests, and who may call.
 */
@QuarkusTest
class CdsHooksTest {

    /** The internal service account may ask about anyone; disclosers and therapists need a relation (tested below). */
    static final String BILLING = TestTokens.user("candor-internal", "service").sign();
    static final String CONSULT = "/api/v1/cds-services/patient-consent-consult";
    static final String TYPE = "https://candor.dev/fhir/CodeSystem/recipient-type";
    static final String CATEGORY = "https://candor.dev/fhir/CodeSystem/data-category";

    static String consentOf(String patient) {
        return record(TestTokens.patient(patient), GENERAL_CONSENT);
    }

    /** A hook call as the HL7 / LEAP patient-consent-consult hook shapes it, asking about one insurer. */
    static String hook(String patient, String purpose, String... categories) {
        StringBuilder classes = new StringBuilder();
        for (String c : categories) {
            classes.append(classes.isEmpty() ? "" : ", ")
                    .append("{\"system\": \"" + CATEGORY + "\", \"code\": \"" + c + "\"}");
        }
        return """
                {"hook": "patient-consent-consult",
                 "hookInstance": "%s",
                 "context": {
                   "patientId": [{"value": "%s"}],
                   "category": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                 "code": "patient-privacy"}],
                   "purposeOfUse": ["%s"],
                   "actor": [{"system": "https://candor.dev/fhir/NamingSystem/recipient", "value": "ins-acme"},
                             {"system": "%s", "value": "INSURER"}],
                   "class": [%s]
                 }}
                """.formatted(UUID.randomUUID(), patient, purpose, TYPE, classes);
    }

    static ValidatableResponse consult(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(CONSULT).then();
    }

    static long decisionsWithId(String id) {
        try (Connection c = PostgresTestResource.server().superuser(PostgresTestResource.currentDatabase());
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM decision WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void discoveryListsThePatientConsentConsultService() {
        given().auth().oauth2(BILLING).when().get("/api/v1/cds-services")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("services", hasSize(1))
                .body("services[0].id", equalTo("patient-consent-consult"))
                .body("services[0].hook", equalTo("patient-consent-consult"))
                .body("services[0].title", equalTo("Patient consent consult"))
                .body("services[0].description", containsString("consent"))
                .body("services[0]", not(hasKey("prefetch")));
    }

    @Test
    void aClaimPermittedByTheConsentIsAConsentPermitCardWithTheKeptDecision() {
        String alice = freshPatient();
        String consent = consentOf(alice);

        ValidatableResponse response = consult(BILLING, hook(alice, "HPAYMT", "BILLING_CODES", "SESSION_DATES"))
                .statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].summary", equalTo("CONSENT_PERMIT"))
                .body("cards[0].indicator", equalTo("info"))
                .body("cards[0].source.label", equalTo("Candor consent-service"))
                .body("cards[0].detail", containsString("permitted by general consent"))
                .body("cards[0].extension.consentDecision", equalTo("CONSENT_PERMIT"))
                .body("cards[0].extension.decision", equalTo("PERMIT"))
                .body("cards[0].extension.legalBasis", equalTo("CONSENT"))
                .body("cards[0].extension.basedOn", hasItem("Consent/" + consent + "/_history/1"))
                .body("cards[0].extension.obligations.id.code", hasItem("MINIMUM_NECESSARY"))
                .body("cards[0].extension.obligations[0].parameters.codes.code", hasItem("BILLING_CODES"))
                .body("cards[0].extension.subjects[0].patientId", equalTo(alice));
        String decisionId = response.extract().path("cards[0].extension.decisionId");
        String subjectDecisionId = response.extract().path("cards[0].extension.subjects[0].decisionId");
        assertThat(decisionsWithId(decisionId)).isEqualTo(1);
        assertThat(decisionsWithId(subjectDecisionId)).isEqualTo(1);

        // basedOn is a FHIR version reference that resolves: the Consent version the decision rests on.
        String basedOn = response.extract().path("cards[0].extension.basedOn[0]");
        given().auth().oauth2(TestTokens.patient(alice)).when().get("/api/v1/fhir/" + basedOn)
                .then().statusCode(200)
                .body("id", equalTo(consent))
                .body("meta.versionId", equalTo("1"));
    }

    @Test
    void rateNegotiationDeniedByTheConsentIsAConsentDenyCard() {
        String alice = freshPatient();
        String consent = consentOf(alice);

        consult(BILLING, hook(alice, "RATE_NEGOTIATION", "SESSION_FREQUENCY"))
                .statusCode(200)
                .body("cards[0].summary", equalTo("CONSENT_DENY"))
                .body("cards[0].indicator", equalTo("critical"))
                .body("cards[0].extension.decision", equalTo("DENY"))
                .body("cards[0].extension.legalBasis", equalTo("NONE"))
                .body("cards[0].extension.permittedCategories", hasSize(0))
                .body("cards[0].extension.basedOn", hasItem("Consent/" + consent + "/_history/1"));
    }

    @Test
    void withoutADirectiveTheProfileDecidesAndTheCardSaysNoConsent() {
        String bob = freshPatient();
        consult(BILLING, hook(bob, "TREAT", "DIAGNOSIS"))
                .statusCode(200)
                .body("cards[0].summary", equalTo("NO_CONSENT"))
                .body("cards[0].indicator", equalTo("warning"))
                .body("cards[0].extension.decision", equalTo("PERMIT"))
                .body("cards[0].extension.legalBasis", equalTo("HIPAA_TPO"))
                .body("cards[0].extension.basedOn", hasSize(0));
        consult(BILLING, hook(bob, "SALE", "DIAGNOSIS"))
                .statusCode(200)
                .body("cards[0].summary", equalTo("NO_CONSENT"))
                .body("cards[0].extension.decision", equalTo("DENY"));
    }

    @Test
    void olderClientsSendOnePatientIdAndAScopeString() {
        String body = hook(freshPatient(), "TREAT", "DIAGNOSIS")
                .replaceFirst("\"patientId\": \\[(\\{[^}]*})]", "\"patientId\": $1")
                .replace("\"category\":", "\"scope\": \"patient-privacy\", \"unusedCategory\":");
        consult(BILLING, body).statusCode(200).body("cards[0].summary", equalTo("NO_CONSENT"));
    }

    @Test
    void badRequestsAre400ProblemsNamingTheField() {
        String alice = freshPatient();
        String good = hook(alice, "HPAYMT", "BILLING_CODES");

        consult(BILLING, good.replace("\"hook\": \"patient-consent-consult\"", "\"hook\": \"patient-view\""))
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/validation"))
                .body("errors.field", hasItem("hook"));
        consult(BILLING, "{\"hook\": \"patient-consent-consult\", \"hookInstance\": \"x\"}")
                .statusCode(400).body("errors.field", hasItem("context"));
        consult(BILLING, good.replace("[\"HPAYMT\"]", "[\"HBUYIT\"]"))
                .statusCode(400).body("errors.field", hasItem("context.purposeOfUse[0]"));
        consult(BILLING, good.replace("\"BILLING_CODES\"", "\"SHOE_SIZE\""))
                .statusCode(400).body("errors.field", hasItem("context.class[0]"));
        consult(BILLING, good.replace("\"value\": \"INSURER\"", "\"value\": \"ALIEN\""))
                .statusCode(400).body("errors.field", hasItem("context.actor[1].value"));
        consult(BILLING, good.replaceAll(",\\s*\\{\"system\": \"" + Pattern.quote(TYPE)
                        + "\", \"value\": \"INSURER\"}", ""))
                .statusCode(400).body("errors.field", hasItem("context.actor"));
        consult(BILLING, good.replace("\"patientId\": [{\"value\": \"" + alice + "\"}]", "\"patientId\": []"))
                .statusCode(400).body("errors.field", hasItem("context.patientId"));
        consult(BILLING, good.replace("[{\"value\": \"" + alice + "\"}]",
                        "[{\"system\": \"http://hl7.org/fhir/sid/us-medicare\", \"value\": \"0000-000-0000\"}]"))
                .statusCode(400).body("errors.field", hasItem("context.patientId[0].system"));
        consult(BILLING, good.replace("[{\"value\": \"" + alice + "\"}]", "[{\"value\": \"" + alice + "\\u202E\"}]"))
                .statusCode(400).body("errors.field", hasItem("context.patientId[0].value"));
        consult(BILLING, good.replace("\"code\": \"patient-privacy\"", "\"code\": \"adr\""))
                .statusCode(400).body("errors.field", hasItem("context.category[0]"));
        consult(BILLING, hook(alice, "ETREAT", "DIAGNOSIS"))
                .statusCode(400).body("errors.field", hasItem("context.reason"));
        consult(BILLING, good.replace("\"patientId\": [", "\"patientId\": 5, \"x\": ["))
                .statusCode(400).contentType("application/problem+json");
        consult(BILLING, "{not json").statusCode(400).contentType("application/problem+json");
    }

    @Inject
    DecisionAdmission admission;

    @Test
    void theHookIsBoundedLikeTheDecisionApi() {
        String alice = freshPatient();
        // The stated reason is kept with every decision row: as long as POST /api/v1/decisions allows, no longer.
        String tooLong = "x".repeat(DecisionService.MAX_REASON + 1);
        consult(BILLING, hook(alice, "ETREAT", "DIAGNOSIS").replace("\"class\":",
                        "\"reason\": \"" + tooLong + "\", \"class\":"))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("context.reason")))
                .body("errors[0].message", containsString("at most 2000 characters"));
        consult(BILLING, hook(alice, "ETREAT", "DIAGNOSIS").replace("\"class\":",
                        "\"reason\": \"" + tooLong.substring(1) + "\", \"class\":"))
                .statusCode(200);
        // Break-glass names at most 10 patients here too.
        String eleven = IntStream.range(0, 11).mapToObj(i -> "{\"value\": \"" + alice + "-" + i + "\"}")
                .collect(Collectors.joining(", "));
        consult(BILLING, hook(alice, "ETREAT", "DIAGNOSIS").replace("[{\"value\": \"" + alice + "\"}]",
                        "[" + eleven + "]").replace("\"class\":", "\"reason\": \"crash\", \"class\":"))
                .statusCode(400).body("errors.field", equalTo(List.of("context.patientId")))
                .body("errors[0].message", containsString("at most 10"));

        // While the subjects being decided at once fill the budget, a hook call is refused to retry, like any other.
        assertThat(admission.tryAdmit(1_000_000)).as("nothing else is being decided").isTrue();
        try {
            consult(BILLING, hook(alice, "TREAT", "DIAGNOSIS")).statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", containsString("too many subjects are being decided at once"));
        } finally {
            admission.release(1_000_000);
        }
        consult(BILLING, hook(alice, "TREAT", "DIAGNOSIS")).statusCode(200);
    }

    @Test
    void callersAreThoseWhoMayAskForDecisions() {
        String alice = freshPatient();
        consult(TestTokens.patient(alice), hook(alice, "TREAT", "DIAGNOSIS")).statusCode(200);
        consult(TestTokens.patient(freshPatient()), hook(alice, "TREAT", "DIAGNOSIS")).statusCode(403)
                .contentType("application/problem+json");
        String tom = TestTokens.therapist("prov-tom", "prac-harbor");
        consult(tom, hook(alice, "TREAT", "DIAGNOSIS")).statusCode(403).contentType("application/problem+json");
        Api.relate("CARE", "PATIENT", alice, "prov-tom");
        consult(tom, hook(alice, "TREAT", "DIAGNOSIS")).statusCode(200);
        given().contentType(ContentType.JSON).body(hook(alice, "TREAT", "DIAGNOSIS"))
                .when().post(CONSULT).then().statusCode(401);
        given().when().get("/api/v1/cds-services").then().statusCode(401);
    }
}
