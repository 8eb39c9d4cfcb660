package dev.candor.consent.fhir;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.candor.consent.fhir.StandardsFixtures.GENERAL_CONSENT;
import static dev.candor.consent.fhir.StandardsFixtures.freshPatient;
import static dev.candor.consent.fhir.StandardsFixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * FHIR R4 Consent over HTTP: export of every directive kind, import, round trips both ways, an example of the FHIR
 * specification, bad input naming the FHIR element, and who may see what.
 */
@QuarkusTest
class FhirConsentTest {

    static final String FHIR_JSON = "application/fhir+json";
    static final String V3 = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    static final String CATEGORY = "https://candor.dev/fhir/CodeSystem/data-category";

    // --- directives of every kind, as POST /api/v1/consents takes them ---

    static String hipaaAuthorization() {
        return """
                {"kind": "HIPAA_AUTHORIZATION",
                 "provisions": [{"effect": "PERMIT", "recipientIds": ["ins-acme"], "categories": ["SESSION_FREQUENCY"],
                                 "purposes": ["RATE_NEGOTIATION"]}],
                 "authorization": {%s},
                 "signedText": "I authorize CareBridge to give Acme Health my session frequency."}
                """.formatted(elements());
    }

    static String psychotherapyNotesAuthorization() {
        return """
                {"kind": "PSYCHOTHERAPY_NOTES_AUTHORIZATION",
                 "provisions": [{"effect": "PERMIT", "recipientIds": ["prov-dr-lee"], "recipientTypes": [],
                                 "categories": ["PSYCHOTHERAPY_NOTES"], "purposes": ["TREAT"],
                                 "dataPeriod": {"end": "2026-01-01T00:00:00Z"}}],
                 "authorization": {%s},
                 "signedText": "I authorize my therapist to share my psychotherapy notes with Dr Lee."}
                """.formatted(elements());
    }

    static String part2Consent() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return """
                {"kind": "PART2_CONSENT",
                 "provisions": [{"effect": "PERMIT", "recipientTypes": ["RESEARCHER"], "categories": ["SUD_RECORDS"],
                                 "purposes": ["HRESCH"], "validFrom": "%s", "validUntil": "%s"}],
                 "authorization": {%s},
                 "signedText": "I consent to researchers receiving my SUD records for the study."}
                """.formatted(from, from.plus(90, ChronoUnit.DAYS), elements());
    }

    static final String RESTRICTION = """
            {"kind": "RESTRICTION",
             "provisions": [{"effect": "DENY", "recipientTypes": ["INSURER"], "categories": ["BILLING_CODES", "DIAGNOSIS"],
                             "purposes": ["HPAYMT", "HOPERAT"],
                             "dataPeriod": {"start": "2024-01-01T00:00:00Z", "end": "2025-01-01T00:00:00Z"}}],
             "signedText": "I paid out of pocket for my 2024 sessions: never send them to my health plan."}
            """;

    static String elements() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return """
                "informationDescription": "the information named in the provisions",
                "discloser": "CareBridge Practice Services",
                "recipient": "the recipients named in the provisions",
                "purpose": "as stated in the provisions",
                "expiresAt": "%s",
                "signature": "Alice Example",
                "signedAt": "%s",
                "revocationStatement": "I may revoke this authorization in writing at any time."
                """.formatted(now.plus(365, ChronoUnit.DAYS), now.minusSeconds(60));
    }

    static ValidatableResponse readFhir(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/v1/fhir/Consent/{id}", id).then();
    }

    static ValidatableResponse importFhir(String token, String consent) {
        return given().auth().oauth2(token).contentType(FHIR_JSON).body(consent)
                .when().post("/api/v1/fhir/Consent").then();
    }

    static JsonPath directive(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/v1/consents/{id}", id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** A Consent as exported, with the signed text attached (Candor keeps only its hash, an import needs the text). */
    static String withSignedText(String exported, String signedText) {
        String data = Base64.getEncoder().encodeToString(signedText.getBytes(StandardCharsets.UTF_8));
        return exported.replace("\"sourceAttachment\":{", "\"sourceAttachment\":{\"data\":\"" + data + "\",");
    }

    /** A FHIR dateTime naming this instant, whatever its offset notation ({@code Z} or {@code +00:00}). */
    static Matcher<String> sameInstant(String expected) {
        return new CustomTypeSafeMatcher<>("the instant " + expected) {
            @Override
            protected boolean matchesSafely(String actual) {
                return Instant.parse(actual).equals(Instant.parse(expected));
            }
        };
    }

    /** Sets in the JSON have no order: compare them sorted. */
    @SuppressWarnings("unchecked")
    static Object normalised(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put((String) k, normalised(v)));
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.stream().map(FhirConsentTest::normalised).toList());
            if (result.stream().allMatch(o -> o instanceof String)) {
                result.sort((a, b) -> ((String) a).compareTo((String) b));
            }
            return result;
        }
        return value;
    }

    // --- export ---

    @Test
    void aDirectiveIsExportedAsAFhirConsentWithEveryElementMapped() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String id = record(token, GENERAL_CONSENT);
        String sha = directive(token, id).getString("textSha256");

        readFhir(token, id).statusCode(200)
                .contentType(startsWith(FHIR_JSON))
                .body("resourceType", equalTo("Consent"))
                .body("id", equalTo(id))
                .body("meta.versionId", equalTo("1"))
                .body("status", equalTo("active"))
                .body("scope.coding[0].system", equalTo("http://terminology.hl7.org/CodeSystem/consentscope"))
                .body("scope.coding[0].code", equalTo("patient-privacy"))
                .body("category[0].coding.code", hasItem("59284-0"))
                .body("category[0].coding.code", hasItem("GENERAL_CONSENT"))
                .body("patient.reference", equalTo("Patient/" + patient))
                .body("performer[0].reference", equalTo("Patient/" + patient))
                .body("policyRule.coding[0].code", equalTo("OPTIN"))
                .body("sourceAttachment.extension[0].url",
                        equalTo("https://candor.dev/fhir/StructureDefinition/signed-text-sha256"))
                .body("sourceAttachment.extension[0].valueString", equalTo(sha))
                .body("provision.type", equalTo("deny"))
                .body("provision.provision", hasSize(2))
                .body("provision.provision[0].type", equalTo("permit"))
                .body("provision.provision[0].actor[0].reference.identifier.value", equalTo("ins-acme"))
                .body("provision.provision[0].actor[0].role.coding[0].code", equalTo("IRCP"))
                .body("provision.provision[0].purpose[0].system", equalTo(V3))
                .body("provision.provision[0].purpose[0].code", equalTo("HPAYMT"))
                .body("provision.provision[0].class.system", hasItem(CATEGORY))
                .body("provision.provision[0].class.code", hasItem("BILLING_CODES"))
                .body("provision.provision[0].class.code", hasItem("SESSION_DATES"))
                .body("provision.provision[1].type", equalTo("deny"))
                .body("provision.provision[1].actor.role.coding[0].code", hasItem("INSURER"))
                .body("provision.provision[1].actor.role.coding[0].system",
                        hasItem("https://candor.dev/fhir/CodeSystem/recipient-type"))
                .body("provision.provision[1].purpose.find { it.code == 'RATE_NEGOTIATION' }.system",
                        equalTo("https://candor.dev/fhir/CodeSystem/purpose"));
    }

    @Test
    void theLatestVersionIsExportedAndARevokedDirectiveIsInactive() {
        String token = TestTokens.patient(freshPatient());
        String id = record(token, GENERAL_CONSENT);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(RESTRICTION.replace("\"kind\": \"RESTRICTION\",",
                        "\"kind\": \"GENERAL_CONSENT\","))
                .when().put("/api/v1/consents/{id}", id).then().statusCode(200);
        readFhir(token, id).statusCode(200)
                .body("meta.versionId", equalTo("2"))
                .body("status", equalTo("active"))
                .body("provision.type", equalTo("permit"))
                .body("provision.provision", hasSize(1));

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\": \"changed my mind\"}")
                .when().post("/api/v1/consents/{id}/revoke", id).then().statusCode(200);
        readFhir(token, id).statusCode(200)
                .body("meta.versionId", equalTo("3"))
                .body("status", equalTo("inactive"))
                .body("extension.find { it.url.endsWith('revocation-reason') }.valueString",
                        equalTo("changed my mind"));
    }

    @Test
    void everyVersionIsReadAsAConsentAndTheHistoryIsABundleNewestFirst() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String id = record(token, GENERAL_CONSENT);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(RESTRICTION.replace("\"kind\": \"RESTRICTION\",",
                        "\"kind\": \"GENERAL_CONSENT\","))
                .when().put("/api/v1/consents/{id}", id).then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\": \"changed my mind\"}")
                .when().post("/api/v1/consents/{id}/revoke", id).then().statusCode(200);

        given().auth().oauth2(token).when().get("/api/v1/fhir/Consent/{id}/_history", id)
                .then().statusCode(200).contentType(startsWith(FHIR_JSON))
                .body("resourceType", equalTo("Bundle"))
                .body("type", equalTo("history"))
                .body("total", equalTo(3))
                .body("entry.resource.meta.versionId", equalTo(List.of("3", "2", "1")))
                .body("entry.resource.status", equalTo(List.of("inactive", "active", "active")))
                .body("entry.request.method", equalTo(List.of("PUT", "PUT", "POST")))
                .body("entry[2].response.status", startsWith("201"))
                .body("entry[0].fullUrl", endsWith("/api/v1/fhir/Consent/" + id));

        // Version 1 as it was: Alice's two provisions, no data period; version 2 the amended restriction.
        given().auth().oauth2(token).when().get("/api/v1/fhir/Consent/{id}/_history/{vid}", id, "1")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("meta.versionId", equalTo("1"))
                .body("provision.provision", hasSize(2))
                .body("provision.provision[0].class.code", hasItem("BILLING_CODES"));
        given().auth().oauth2(token).when().get("/api/v1/fhir/Consent/{id}/_history/{vid}", id, "2")
                .then().statusCode(200)
                .body("meta.versionId", equalTo("2"))
                .body("provision.provision[0].dataPeriod.end", sameInstant("2025-01-01T00:00:00Z"));

        for (String vid : List.of("4", "0", "latest")) {
            given().auth().oauth2(token).when().get("/api/v1/fhir/Consent/{id}/_history/{vid}", id, vid)
                    .then().statusCode(404).contentType("application/problem+json");
        }
        String stranger = TestTokens.patient(freshPatient());
        given().auth().oauth2(stranger).when().get("/api/v1/fhir/Consent/{id}/_history", id)
                .then().statusCode(404).body("detail", equalTo("Consent " + id + " not found"));
        given().auth().oauth2(stranger).when().get("/api/v1/fhir/Consent/{id}/_history/{vid}", id, "1")
                .then().statusCode(404).body("detail", equalTo("Consent " + id + " not found"));
        given().auth().oauth2(TestTokens.regulator("rita")).when().get("/api/v1/fhir/Consent/{id}/_history", id)
                .then().statusCode(200).body("total", equalTo(3));
        given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor"))
                .when().get("/api/v1/fhir/Consent/{id}/_history/{vid}", id, "1")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aPatientsDirectivesAreASearchsetBundle() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String first = record(token, GENERAL_CONSENT);
        String second = record(token, RESTRICTION);

        given().auth().oauth2(token).queryParam("patient", patient)
                .when().get("/api/v1/fhir/Consent")
                .then().statusCode(200)
                .contentType(startsWith(FHIR_JSON))
                .body("resourceType", equalTo("Bundle"))
                .body("type", equalTo("searchset"))
                .body("total", equalTo(2))
                .body("entry.resource.id", hasItem(first))
                .body("entry.resource.id", hasItem(second))
                .body("entry.find { it.resource.id == '" + second + "' }.fullUrl",
                        endsWith("/api/v1/fhir/Consent/" + second))
                .body("entry[0].search.mode", equalTo("match"));
        given().auth().oauth2(token).queryParam("patient", "Patient/" + patient)
                .when().get("/api/v1/fhir/Consent")
                .then().statusCode(200).body("total", equalTo(2));
        // Through the gateway (which says where the request came in) the links name the public address.
        given().auth().oauth2(token).queryParam("patient", patient)
                .header("X-Forwarded-Host", "api.candor.example").header("X-Forwarded-Proto", "https")
                .when().get("/api/v1/fhir/Consent")
                .then().statusCode(200)
                .body("link[0].url", equalTo("https://api.candor.example/api/v1/fhir/Consent?patient=" + patient))
                .body("entry.fullUrl", everyItem(startsWith("https://api.candor.example/api/v1/fhir/Consent/")));
    }

    @Test
    void eachKindHasItsCategoryAndPolicyRule() {
        String token = TestTokens.patient(freshPatient());
        Map<String, List<String>> expected = Map.of(
                hipaaAuthorization(), List.of("64292-6", "hipaa-auth"),
                psychotherapyNotesAuthorization(), List.of("64292-6", "HIPAAPsyNotes"),
                part2Consent(), List.of("59284-0", "42CFRPart2"),
                RESTRICTION, List.of("59284-0", "hipaa-restrictions"));
        expected.forEach((body, codes) -> readFhir(token, record(token, body)).statusCode(200)
                .body("category[0].coding[0].system", equalTo("http://loinc.org"))
                .body("category[0].coding[0].code", equalTo(codes.get(0)))
                .body("policyRule.coding[0].code", equalTo(codes.get(1))));
    }

    @Test
    void aProvisionsDataPeriodIsExportedAsItsDataPeriod() {
        String token = TestTokens.patient(freshPatient());
        readFhir(token, record(token, RESTRICTION)).statusCode(200)
                .body("provision.provision[0].dataPeriod.start", sameInstant("2024-01-01T00:00:00Z"))
                .body("provision.provision[0].dataPeriod.end", sameInstant("2025-01-01T00:00:00Z"))
                .body("provision.provision[0].period", nullValue());
        readFhir(token, record(token, psychotherapyNotesAuthorization())).statusCode(200)
                .body("provision.provision[0].dataPeriod.start", nullValue())
                .body("provision.provision[0].dataPeriod.end", sameInstant("2026-01-01T00:00:00Z"));
        readFhir(token, record(token, GENERAL_CONSENT)).statusCode(200)
                .body("provision.provision[0].dataPeriod", nullValue());
    }

    @Test
    void anAuthorizationCarriesIts164508ElementsInAnExtension() {
        String token = TestTokens.patient(freshPatient());
        String id = record(token, hipaaAuthorization());
        JsonPath d = directive(token, id);
        String ext = "extension.find { it.url == 'https://candor.dev/fhir/StructureDefinition/authorization-elements' }";
        readFhir(token, id).statusCode(200)
                .body(ext + ".extension.find { it.url == 'discloser' }.valueString",
                        equalTo("CareBridge Practice Services"))
                .body(ext + ".extension.find { it.url == 'signature' }.valueString", equalTo("Alice Example"))
                .body(ext + ".extension.find { it.url == 'revocationStatement' }.valueString",
                        equalTo(d.getString("authorization.revocationStatement")))
                .body(ext + ".extension.find { it.url == 'expiresAt' }.valueDateTime",
                        startsWith(d.getString("authorization.expiresAt").replace("Z", "")))
                .body("policy[0].uri", equalTo("https://www.ecfr.gov/current/title-45/section-164.508"));
    }

    // --- round trips ---

    @Test
    void directiveToFhirToDirectiveKeepsTheContentOfEveryKind() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        for (String body : List.of(GENERAL_CONSENT, hipaaAuthorization(), psychotherapyNotesAuthorization(),
                part2Consent(), RESTRICTION)) {
            String signedText = JsonPath.from(body).getString("signedText");
            String id = record(token, body);
            String exported = readFhir(token, id).statusCode(200).extract().asString();

            String location = importFhir(token, withSignedText(exported, signedText)).statusCode(201)
                    .contentType(startsWith(FHIR_JSON))
                    .header("Location", containsString("/api/v1/fhir/Consent/"))
                    .body("resourceType", equalTo("Consent"))
                    .body("meta.versionId", equalTo("1"))
                    .extract().header("Location");
            String copy = location.substring(location.lastIndexOf('/') + 1);
            assertThat(copy).isNotEqualTo(id);

            JsonPath original = directive(token, id);
            JsonPath imported = directive(token, copy);
            for (String field : List.of("patientId", "kind", "status", "textSha256", "recordedBy", "actorRole")) {
                assertThat(imported.getString(field)).as(field + " of " + original.getString("kind"))
                        .isEqualTo(original.getString(field));
            }
            assertThat(normalised(imported.get("provisions"))).as("provisions of " + original.getString("kind"))
                    .isEqualTo(normalised(original.get("provisions")));
            assertThat(normalised(imported.get("authorization"))).as("authorization of " + original.getString("kind"))
                    .isEqualTo(normalised(original.get("authorization")));
        }
    }

    @Test
    void fhirToDirectiveToFhirKeepsTheProvisions() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String example = example(patient, "I withhold my session frequency from f001.");

        String exported = importFhir(token, example).statusCode(201).extract().asString();
        JsonPath in = JsonPath.from(example);
        JsonPath out = JsonPath.from(exported);
        // The example's root provision says a rule itself; Candor exports every rule as a nested provision.
        assertThat(out.getList("provision.provision")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            String from = i == 0 ? "provision" : "provision.provision[0]";
            String to = "provision.provision[" + i + "]";
            assertThat(out.getString(to + ".type")).isEqualTo(in.getString(from + ".type"));
            assertThat(normalised(out.getList(to + ".purpose.code")))
                    .isEqualTo(normalised(in.getList(from + ".purpose.code")));
            assertThat(normalised(out.getList(to + ".class.code")))
                    .isEqualTo(normalised(in.getList(from + ".class.code")));
            assertThat(out.getList(to + ".actor.reference.identifier.value")).containsExactly("f001");
        }
        assertThat(Instant.parse(out.getString("provision.provision[1].period.start")))
                .isEqualTo(Instant.parse(in.getString("provision.provision[0].period.start")));
        assertThat(Instant.parse(out.getString("provision.provision[1].period.end")))
                .isEqualTo(Instant.parse(in.getString("provision.provision[0].period.end")));
        for (String end : List.of("start", "end")) {
            assertThat(Instant.parse(out.getString("provision.provision[1].dataPeriod." + end))).as(end)
                    .isEqualTo(Instant.parse(in.getString("provision.provision[0].dataPeriod." + end)));
        }
        assertThat(out.getMap("provision.provision[0]")).doesNotContainKey("dataPeriod");
    }

    @Test
    void aDataPeriodGivenAsDatesCoversWholeDaysMonthsAndYears() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String example = example(patient, "My sessions of 2024 only.");
        // FHIR's end includes everything it matches at its precision: 2024-12-31 is the whole last day.
        String days = example.replace("\"start\": \"2024-01-01T00:00:00Z\"", "\"start\": \"2024-01-01\"")
                .replace("\"end\": \"2025-01-01T00:00:00Z\"", "\"end\": \"2024-12-31\"");
        String location = importFhir(token, days).statusCode(201)
                .body("provision.provision[1].dataPeriod.start", sameInstant("2024-01-01T00:00:00Z"))
                .body("provision.provision[1].dataPeriod.end", sameInstant("2025-01-01T00:00:00Z"))
                .extract().header("Location");
        JsonPath d = directive(token, location.substring(location.lastIndexOf('/') + 1));
        assertThat(d.getString("provisions[1].dataPeriod.start")).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(d.getString("provisions[1].dataPeriod.end")).isEqualTo("2025-01-01T00:00:00Z");

        String monthAndYear = example.replace("\"start\": \"2024-01-01T00:00:00Z\"", "\"start\": \"2024-03\"")
                .replace("\"end\": \"2025-01-01T00:00:00Z\"", "\"end\": \"2024\"");
        importFhir(token, monthAndYear).statusCode(201)
                .body("provision.provision[1].dataPeriod.start", sameInstant("2024-03-01T00:00:00Z"))
                .body("provision.provision[1].dataPeriod.end", sameInstant("2025-01-01T00:00:00Z"));
    }

    @Test
    void anExampleFromTheFhirSpecificationImportsAsAGeneralConsent() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String signedText = "I withhold my session frequency from f001.";

        String location = importFhir(token, example(patient, signedText)).statusCode(201)
                .body("patient.reference", equalTo("Patient/" + patient))
                .body("status", equalTo("active"))
                .extract().header("Location");
        JsonPath d = directive(token, location.substring(location.lastIndexOf('/') + 1));
        assertThat(d.getString("kind")).isEqualTo("GENERAL_CONSENT");
        assertThat(d.getString("recordedBy")).isEqualTo(patient);
        assertThat(d.getString("textSha256")).isEqualTo(org.apache.commons.codec.digest.DigestUtils.sha256Hex(signedText));
        assertThat(d.getString("provisions[0].effect")).isEqualTo("DENY");
        assertThat(d.getList("provisions[0].recipientIds")).containsExactly("f001");
        assertThat(d.getList("provisions[0].purposes")).containsExactlyInAnyOrder("HOPERAT", "RATE_NEGOTIATION");
        assertThat(d.getString("provisions[1].effect")).isEqualTo("PERMIT");
        assertThat(d.getList("provisions[1].categories")).containsExactlyInAnyOrder("BILLING_CODES", "SESSION_DATES");
        assertThat(d.getString("provisions[1].validFrom")).isEqualTo("2026-01-01T00:00:00Z");
    }

    static String example(String patient, String signedText) {
        try (InputStream in = FhirConsentTest.class.getResourceAsStream("/fhir/consent-example-notOrg.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${patient}", patient)
                    .replace("${signedTextBase64}", Base64.getEncoder().encodeToString(
                            signedText.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- bad input ---

    @Test
    void badInputIsA400NamingTheFhirElementAndNothingIsWritten() {
        String patient = freshPatient();
        String token = TestTokens.patient(patient);
        String good = example(patient, "text");

        importFhir(token, "{\"resourceType\": \"Consent\", ").statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Consent"));
        importFhir(token, good.replace("\"status\": \"active\",", "\"status\": \"active\", \"colour\": \"red\","))
                .statusCode(400).body("errors[0].field", equalTo("Consent"))
                .body("detail", containsString("colour"));
        importFhir(token, "{\"resourceType\": \"Patient\", \"id\": \"x\"}").statusCode(400)
                .body("errors[0].field", equalTo("Consent"));
        importFhir(token, "").statusCode(400).body("errors[0].field", equalTo("Consent"));
        importFhir(token, good.replace("\"code\": \"HPAYMT\"", "\"code\": \"HWHATEVER\"")).statusCode(400)
                .body("errors.field", hasItem("Consent.provision.provision[0].purpose[0]"));
        importFhir(token, good.replace("\"code\": \"SESSION_DURATION\"", "\"code\": \"HAIR_COLOUR\"")).statusCode(400)
                .body("errors.field", hasItem("Consent.provision.class[1]"));
        importFhir(token, good.replace("\"reference\": \"Patient/" + patient + "\",", "")).statusCode(400)
                .body("errors.field", hasItem("Consent.patient"));
        importFhir(token, good.replace("Organization/f001", "Organization/f001\\u001b[0m")).statusCode(400)
                .body("errors.field", hasItem("Consent.provision.actor[0].reference"));
        importFhir(token, good.replace("\"status\": \"active\"", "\"status\": \"rejected\"")).statusCode(400)
                .body("errors.field", hasItem("Consent.status"));
        importFhir(token, good.replace("\"end\": \"2025-01-01T00:00:00Z\"", "\"end\": \"2023-06-30\""))
                .statusCode(400).body("errors.field", hasItem("Consent.provision.provision[0].dataPeriod.end"));
        importFhir(token, good.replace("\"end\": \"2025-01-01T00:00:00Z\"", "\"end\": \"next year\""))
                .statusCode(400).body("errors[0].field", equalTo("Consent"));
        importFhir(token, good.replace("\"start\": \"2024-01-01T00:00:00Z\"", "\"start\": \"0000-01-01T00:00:00Z\""))
                .statusCode(400).body("errors.field", hasItem(containsString("dataPeriod.start")))
                .body("detail", containsString("out of range"));
        importFhir(token, good.replace("\"data\": \"", "\"url\": \"")).statusCode(400)
                .body("errors.field", hasItem("Consent.sourceAttachment.data"));
        // The directive's own rules, named in FHIR terms: a restriction only denies; an authorization needs 164.508(c).
        importFhir(token, good.replace("\"code\": \"OPTOUT\"", "\"code\": \"HIPAASelfPay\"")
                .replace("http://terminology.hl7.org/CodeSystem/v3-ActCode", "http://terminology.hl7.org/CodeSystem/consentpolicycodes")
                .replace("\"code\": \"HIPAASelfPay\"", "\"code\": \"hipaa-self-pay\"")).statusCode(400)
                .body("errors.field", hasItem("Consent.provision.provision[0].type"));
        importFhir(token, good.replace("\"code\": \"59284-0\"", "\"code\": \"64292-6\"")
                .replace("\"code\": \"OPTOUT\"", "\"code\": \"NOPP\"")).statusCode(400)
                .body("errors.field", hasItem("Consent.extension(https://candor.dev/fhir/StructureDefinition/"
                        + "authorization-elements).extension(signature)"));

        given().auth().oauth2(token).queryParam("patient", patient)
                .when().get("/api/v1/fhir/Consent")
                .then().statusCode(200).body("total", equalTo(0));
    }

    // --- who may do what ---

    @Test
    void aPatientExportsAndImportsOnlyTheirOwn() {
        String alice = freshPatient();
        String bob = freshPatient();
        String id = record(TestTokens.patient(alice), GENERAL_CONSENT);

        readFhir(TestTokens.patient(bob), id).statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("Consent " + id + " not found"));
        readFhir(TestTokens.patient(bob), UUID.randomUUID().toString()).statusCode(404);
        readFhir(TestTokens.patient(bob), "not-a-uuid").statusCode(404);
        given().auth().oauth2(TestTokens.patient(bob)).queryParam("patient", alice)
                .when().get("/api/v1/fhir/Consent").then().statusCode(403);
        importFhir(TestTokens.patient(bob), example(alice, "forged")).statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.patient(alice)).queryParam("patient", alice)
                .when().get("/api/v1/fhir/Consent").then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void regulatorsExportAnyoneButTherapistsAndDisclosersCannotReadTheHistory() {
        String alice = freshPatient();
        String id = record(TestTokens.patient(alice), GENERAL_CONSENT);

        readFhir(TestTokens.regulator("rita"), id).statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(TestTokens.regulator("rita")).queryParam("patient", alice)
                .when().get("/api/v1/fhir/Consent").then().statusCode(200).body("total", equalTo(1));

        for (String token : List.of(TestTokens.therapist("prov-tom", "prac-harbor"),
                TestTokens.discloser("carebridge-billing", "org-carebridge"))) {
            readFhir(token, id).statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(token).queryParam("patient", alice)
                    .when().get("/api/v1/fhir/Consent").then().statusCode(403);
        }
        importFhir(TestTokens.regulator("rita"), example(alice, "text")).statusCode(403);
        given().when().get("/api/v1/fhir/Consent/{id}", id).then().statusCode(401);
    }
}
