package dev.candor.gateway;

import dev.candor.testsupport.PostgresTestResource;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ProxyTest {

    @Test
    void forwardsTheCallersTokenAndRequestIdToTheService() {
        String alice = TestTokens.patient("pat-alice");
        given().auth().oauth2(alice).header("X-Request-Id", "req-gw-1")
                .when().get("/api/v1/reports/patients/pat-alice?period=2026")
                .then().statusCode(200)
                .header("X-Request-Id", "req-gw-1")
                .body("method", equalTo("GET"))
                .body("uri", equalTo("/api/v1/reports/patients/pat-alice?period=2026"))
                .body("authorization", equalTo("Bearer " + alice))
                .body("requestId", equalTo("req-gw-1"));
    }

    @Test
    void tellsTheServiceWhereTheRequestCameInAndNotWhereAClientSaysItDid() {
        // The services build links and Location headers from these; a client's own claims are replaced.
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .header("Host", "api.candor.example")
                .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "gopher")
                .header("Forwarded", "host=evil.example;proto=https").header("X-Forwarded-For", "10.6.6.6")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200)
                .body("forwardedHost", equalTo("api.candor.example"))
                .body("forwardedProto", equalTo("http"))
                .body("forwarded", equalTo("null"))
                .body("forwardedFor", equalTo("127.0.0.1"));
    }

    @Test
    void forwardsRequestBodies() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).contentType(ContentType.JSON)
                .body("{\"kind\":\"GENERAL_CONSENT\"}")
                .when().post("/api/v1/consents")
                .then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("bodyLength", equalTo(26));
    }

    @Test
    void aPatientNamingAnotherPatientIsStoppedAtTheEdge() throws Exception {
        given().auth().oauth2(TestTokens.patient("pat-bob")).header("X-Request-Id", "req-gw-bob")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.patient("pat-bob"))
                .when().get("/api/v1/consents?patient=pat-alice")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.delegate("dana", "pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200);
        // A FHIR search names the patient as a reference; the edge reads the id in it.
        given().auth().oauth2(TestTokens.patient("pat-bob"))
                .when().get("/api/v1/fhir/Consent?patient=Patient/pat-alice")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/fhir/Consent?patient=Patient/pat-alice")
                .then().statusCode(200);

        // The refused attempt is in the access log, with who tried and whose data it named.
        Thread.sleep(300);
        try (Connection c = PostgresTestResource.server().superuser(PostgresTestResource.currentDatabase());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT caller, subject_id, status FROM access_log WHERE request_id = 'req-gw-bob'")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("caller")).isEqualTo("pat-bob");
                assertThat(rs.getString("subject_id")).isEqualTo("pat-alice");
                assertThat(rs.getInt("status")).isEqualTo(403);
            }
        }
    }

    @Test
    void wrongRoleIsForbiddenBeforeAnyUpstreamCall() {
        given().auth().oauth2(TestTokens.discloser("carebridge-billing", "org-carebridge"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/forbidden"));
    }

    @Test
    void noGarbageExpiredOrForgedTokenIsUnauthorized() {
        given().when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("garbage").when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user("alice", "patient").claim("patient_id", "pat-alice")
                        .expiredSecondsAgo(60).sign())
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user("alice", "patient").claim("patient_id", "pat-alice")
                        .claim("iss", "https://evil.example/realms/candor").sign())
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void wrongAudienceAlgNoneTamperedAndStrangerSignedTokensAreUnauthorized() {
        String path = "/api/v1/reports/patients/pat-alice";
        given().auth().oauth2(TestTokens.user("alice", "patient").claim("patient_id", "pat-alice")
                        .claim("aud", "some-other-api").sign())
                .when().get(path).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user("alice", "patient").claim("patient_id", "pat-alice")
                        .signedByStranger().sign())
                .when().get(path).then().statusCode(401).contentType("application/problem+json");

        // Bob's genuine token with its payload swapped for one that claims to be Alice: the signature no longer fits.
        String[] bob = TestTokens.patient("pat-bob").split("\\.");
        String[] alice = TestTokens.patient("pat-alice").split("\\.");
        given().auth().oauth2(bob[0] + "." + alice[1] + "." + bob[2])
                .when().get(path).then().statusCode(401).contentType("application/problem+json");

        // alg "none" with no signature at all.
        String none = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + alice[1] + ".";
        given().auth().oauth2(none)
                .when().get(path).then().statusCode(401).contentType("application/problem+json");
    }

    @TestHTTPResource("/api/v1/reports/patients/pat-alice")
    URI reportOfAlice;

    @Test
    void aRefusedTokenGetsOneWhole401ProblemAlsoOverHttp2() throws Exception {
        // The JDK client upgrades to HTTP/2 (h2c), where an answer sent twice shows as the connection going away.
        String forged = TestTokens.user("alice", "patient").claim("patient_id", "pat-alice").signedByStranger().sign();
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = http2.send(HttpRequest.newBuilder(reportOfAlice)
                    .header("Authorization", "Bearer " + forged).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("Bearer"));
            assertThat(answer.body()).contains("https://candor.dev/problems/unauthorized");
        }
    }

    @Test
    void thePathIsCheckedLoggedAndForwardedAsTheServiceWillReadIt() throws Exception {
        // Raw paths as a client may send them (the JDK client sends them as given): each names pat-alice once the
        // dot-segments and the encoded unreserved characters are resolved — as the service resolves them.
        String base = reportOfAlice.toString().replace("/api/v1/reports/patients/pat-alice", "");
        HttpClient http = HttpClient.newHttpClient();
        String bob = TestTokens.patient("pat-bob");
        String rita = TestTokens.regulator("rita");
        String[] toAlice = {"/api/v1/reports/patients/pat-bob/../pat-alice",
                "/api/v1/reports/patients/pat-bob/%2e%2e/pat-alice", "/api/v1/reports/patients/./pat-alice",
                "/api/v1/reports/patients/pat%2Dalice", "/api/v1/disclosures/../reports/patients/pat-alice"};
        for (int i = 0; i < toAlice.length; i++) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + toAlice[i]))
                    .header("Authorization", "Bearer " + bob).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(toAlice[i]).isEqualTo(403);
            assertThat(refused.body()).contains("does not act for this patient");

            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base + toAlice[i]))
                    .header("Authorization", "Bearer " + rita).header("X-Request-Id", "req-dots-" + i).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(toAlice[i]).isEqualTo(200);
            assertThat(read.body()).as("what the service was asked")
                    .contains("\"uri\":\"/api/v1/reports/patients/pat-alice\"");
        }
        // A matrix parameter the service would drop: refused, so no read escapes the right patient's access log.
        for (String matrix : new String[]{"/api/v1/reports/patients/pat-alice;x=1",
                "/api/v1/reports/patients;v=2/pat-alice", "/api/v1/disclosures;jsessionid=1"}) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + matrix))
                    .header("Authorization", "Bearer " + rita).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(matrix).isEqualTo(400);
            assertThat(refused.body()).contains("path parameters");
        }
        Thread.sleep(300);
        try (Connection c = PostgresTestResource.server().superuser(PostgresTestResource.currentDatabase());
             PreparedStatement ps = c.prepareStatement("SELECT subject_id, path FROM access_log "
                     + "WHERE request_id LIKE 'req-dots-%'")) {
            try (ResultSet rs = ps.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString("subject_id")).isEqualTo("pat-alice");
                    assertThat(rs.getString("path")).isEqualTo("/api/v1/reports/patients/pat-alice");
                }
                assertThat(rows).as("each read is in Alice's access log").isEqualTo(toAlice.length);
            }
        }
    }

    private static String base64Url(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aServicesOwnFailureReachesTheCallerAsTheServiceSentIt() {
        // Its 503 counts against its circuit (five in a row would open it), but the caller gets the service's words.
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice?status=503")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("from the service"));
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200);
    }

    @Test
    void anUnreachableServiceIsA503ProblemAndAfterThreeFailuresItsCircuitOpens() {
        String alice = TestTokens.patient("pat-alice");
        // Other tests of this application may have met the dead ledger already (UpstreamMetricsTest does, once):
        // count the plain failures until the circuit opens — at most three, and at least one here.
        int unavailable = 0;
        String detail;
        do {
            detail = given().auth().oauth2(alice)
                    .when().get("/api/v1/disclosures")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("https://candor.dev/problems/unavailable"))
                    .extract().path("detail");
            if (detail.equals("ledger is unavailable")) {
                unavailable++;
            }
        } while (detail.equals("ledger is unavailable") && unavailable <= 3);
        assertThat(unavailable).isBetween(1, 3);
        assertThat(detail).contains("its circuit is open");
        // Open now: refused at once, without trying the ledger, and saying so.
        given().auth().oauth2(alice)
                .when().get("/api/v1/log/checkpoint")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("ledger is failing; its circuit is open, try again later"));
        // Other services have their own circuits and are unaffected.
        given().auth().oauth2(alice).when().get("/api/v1/consents?patient=pat-alice").then().statusCode(200);
    }

    @Test
    void aServiceThatStaysSilentLongerThanItsTimeoutIsA504Problem() {
        long start = System.nanoTime();
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice?slowMillis=6000")
                .then().statusCode(504).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/gateway-timeout"))
                .body("detail", equalTo("report did not answer in time"));
        assertThat((System.nanoTime() - start) / 1_000_000).as("answered after the 2 s timeout, not the 6 s")
                .isBetween(2_000L, 5_000L);
        // A request that changes something may have been carried out: the caller is told it is unknown.
        given().auth().oauth2(TestTokens.patient("pat-alice")).contentType("application/json").body("{}")
                .when().post("/api/v1/reports/patients/pat-alice?slowMillis=6000")
                .then().statusCode(504)
                .body("detail", equalTo("report did not answer in time; whether it acted on the request is unknown:"
                        + " repeat it with the same Idempotency-Key"));
    }

    @Test
    void unknownPathsAndOversizedBodiesAreProblems() {
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.patient("pat-alice")).contentType(ContentType.JSON)
                .body("{\"x\":\"" + "a".repeat(1_100_000) + "\"}")
                .when().post("/api/v1/consents")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/payload-too-large"));
    }

    @Test
    void healthIsPublic() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
