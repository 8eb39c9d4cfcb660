package dev.candor.gateway;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** {@code GET /api/v1/access-log?patient=}: who read a patient's data through the gateway, for them and regulators. */
@QuarkusTest
class AccessLogTest {

    @Test
    void aPatientSeesWhoReadTheirDataAndWhoWasRefused() throws Exception {
        String carol = TestTokens.patient("pat-carol");
        given().auth().oauth2(TestTokens.regulator("rita")).header("X-Request-Id", "al-rita")
                .when().get("/api/v1/reports/patients/pat-carol").then().statusCode(200);
        given().auth().oauth2(TestTokens.patient("pat-mallory")).header("X-Request-Id", "al-mallory")
                .when().get("/api/v1/reports/patients/pat-carol").then().statusCode(403);
        given().auth().oauth2(TestTokens.patient("pat-mallory")).header("X-Request-Id", "al-mallory-log")
                .when().get("/api/v1/access-log?patient=pat-carol").then().statusCode(403);
        given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor")).header("X-Request-Id", "al-tom")
                .when().get("/api/v1/disclosures?subject=pat-carol").then().statusCode(503);

        List<Map<String, Object>> items = awaitItems(carol, "pat-carol", 3);
        assertThat(items).extracting(i -> i.get("requestId")).containsExactly("al-rita", "al-mallory", "al-tom");
        // Mallory's try at the access log itself is there too, refused.
        List<Map<String, Object>> logReads = given().auth().oauth2(carol)
                .when().get("/api/v1/access-log?patient=pat-carol").then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(logReads).filteredOn(i -> "al-mallory-log".equals(i.get("requestId")))
                .singleElement().satisfies(i -> assertThat(i).containsEntry("status", 403)
                        .containsEntry("path", "/api/v1/access-log"));
        Map<String, Object> rita = items.get(0);
        assertThat(rita).containsEntry("caller", "rita").containsEntry("method", "GET")
                .containsEntry("path", "/api/v1/reports/patients/pat-carol").containsEntry("patientId", "pat-carol")
                .containsEntry("status", 200).containsEntry("callerRoles", List.of("regulator"));
        assertThat(rita.get("at")).isNotNull();
        assertThat(items.get(1)).containsEntry("caller", "pat-mallory").containsEntry("status", 403);
        assertThat(items.get(2)).containsEntry("caller", "prov-tom").containsEntry("callerRoles", List.of("therapist"));
    }

    @Test
    void theLogIsPagedByKeysetAndReadingItIsItselfLogged() throws Exception {
        String erin = TestTokens.patient("pat-erin");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(TestTokens.regulator("rita")).header("X-Request-Id", "page-" + i)
                    .when().get("/api/v1/reports/patients/pat-erin").then().statusCode(200);
        }
        awaitItems(erin, "pat-erin", 3);
        JsonPath first = given().auth().oauth2(erin).when().get("/api/v1/access-log?patient=pat-erin&limit=2")
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.requestId")).containsExactly("page-0", "page-1");
        String next = first.getString("next");
        JsonPath second = given().auth().oauth2(erin)
                .when().get("/api/v1/access-log?patient=pat-erin&limit=2&after=" + next)
                .then().statusCode(200).extract().jsonPath();
        // page-2, then the patient's own earlier reading of the log.
        assertThat(second.getList("items.requestId")).hasSize(2).startsWith("page-2");
        assertThat(second.getList("items.path")).last().isEqualTo("/api/v1/access-log");
        assertThat(second.getString("next")).isNotNull();
    }

    @Test
    void onlyThePatientTheirDelegatesAndRegulatorsMayAsk() {
        String path = "/api/v1/access-log?patient=pat-alice";
        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get(path).then().statusCode(200);
        given().auth().oauth2(TestTokens.delegate("dana", "pat-alice")).when().get(path).then().statusCode(200);
        given().auth().oauth2(TestTokens.regulator("rita")).when().get(path).then().statusCode(200);
        for (String other : List.of(TestTokens.patient("pat-bob"), TestTokens.delegate("dora", "pat-bob"),
                TestTokens.therapist("prov-tom", "prac-harbor"), TestTokens.discloser("carebridge-billing",
                        "org-carebridge"), TestTokens.admin("adam"))) {
            given().auth().oauth2(other).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().when().get(path).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aDelegateNeedsADelegationInForceWithTheDisclosureScopeNotJustTheClaim() {
        // Every token below names pat-alice in delegate_for; consent-service's records (DelegationRecordsStub) differ.
        String path = "/api/v1/access-log?patient=pat-alice";
        for (String name : List.of("dina", "dave", "dex", "drew")) { // consent only, revoked, expired, no record
            given().auth().oauth2(TestTokens.delegate(name, "pat-alice")).when().get(path)
                    .then().statusCode(403).contentType("application/problem+json");
        }
    }

    @Test
    void whatComesFromTheTokenIsKeptExactlyAsItWasAndWhenItHappened() throws Exception {
        // Rows are written with COPY's text format: backslashes, tabs and line breaks in a value must survive it.
        String oddName = "rita\\the\tregulator\nof \\N";
        Instant before = Instant.now().minusSeconds(1);
        given().auth().oauth2(TestTokens.user(oddName, "regulator").sign()).header("X-Request-Id", "al-odd")
                .when().get("/api/v1/reports/patients/pat-frank").then().statusCode(200);

        Map<String, Object> row = awaitItems(TestTokens.patient("pat-frank"), "pat-frank", 1).get(0);
        assertThat(row).containsEntry("requestId", "al-odd").containsEntry("caller", oddName)
                .containsEntry("patientId", "pat-frank").containsEntry("status", 200);
        assertThat(Instant.parse((String) row.get("at"))).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void thePatientParameterIsRequiredAndTheLimitBounded() {
        given().auth().oauth2(TestTokens.regulator("rita")).when().get("/api/v1/access-log")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("patient"));
        given().auth().oauth2(TestTokens.regulator("rita")).when().get("/api/v1/access-log?patient=p&limit=5000")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
    }

    /** The log is written off the request path: wait until the expected rows are there. */
    private static List<Map<String, Object>> awaitItems(String token, String patient, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Map<String, Object>> items = given().auth().oauth2(token)
                    .when().get("/api/v1/access-log?patient=" + patient)
                    .then().statusCode(200).extract().jsonPath().getList("items");
            List<Map<String, Object>> others = items.stream()
                    .filter(i -> !"/api/v1/access-log".equals(i.get("path"))).toList();
            if (others.size() >= count || System.nanoTime() > deadline) {
                return others;
            }
            Thread.sleep(100);
        }
    }
}
