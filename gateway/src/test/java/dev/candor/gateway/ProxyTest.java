package dev.candor.gateway;

import dev.candor.testsupport.PostgresTestResource;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

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
    void anUnreachableServiceIsA503Problem() {
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/disclosures")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("ledger is unavailable"));
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
