package dev.candor.gateway;

import dev.candor.gateway.domain.Route;
import dev.candor.gateway.domain.RouteTable;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** What the gateway does at the edge besides routing: rate limits, body limits, CORS, security headers. */
@QuarkusTest
class EdgeTest {

    @Test
    void aUserOverTheirRateLimitGets429WithRetryAfter() throws Exception {
        // Per user: a burst of 40, then (in tests) 2 a second. Sixty requests, six at a time, exceed it even on a
        // slow machine.
        String hasty = TestTokens.user("hasty", "patient").claim("patient_id", "pat-hasty").sign();
        long started = System.nanoTime();
        List<Response> answers = new ArrayList<>();
        ExecutorService six = Executors.newFixedThreadPool(6);
        try {
            for (Future<Response> answer : six.invokeAll(Collections.nCopies(60,
                    (Callable<Response>) () -> given().auth().oauth2(hasty)
                            .when().get("/api/v1/consents?patient=pat-hasty")))) {
                answers.add(answer.get());
            }
        } finally {
            six.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long ok = answers.stream().filter(r -> r.statusCode() == 200).count();
        List<Response> limited = answers.stream().filter(r -> r.statusCode() == 429).toList();
        // The burst, plus what the bucket refilled while the requests were made.
        assertThat(ok).isBetween(40L, 40L + (long) Math.ceil(2 * seconds) + 1);
        assertThat(limited).isNotEmpty();
        Response first = limited.get(0);
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(first.jsonPath().getString("type")).isEqualTo("https://candor.dev/problems/rate-limited");
        assertThat(first.jsonPath().getString("detail")).contains("user hasty");
        assertThat(Integer.parseInt(first.header("Retry-After"))).isBetween(1, 2);

        // Another user of the same portal is not affected.
        given().auth().oauth2(TestTokens.patient("pat-alice")).when().get("/api/v1/consents?patient=pat-alice")
                .then().statusCode(200);
    }

    @Test
    void everyRouteRefusesABodyOverTheLimitWith413() {
        String admin = TestTokens.admin("adam-bodies");
        String big = "{\"x\":\"" + "a".repeat(1_100_000) + "\"}";
        for (Route route : RouteTable.ROUTES) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(big)
                    .when().post(route.prefix())
                    .then().statusCode(413).contentType("application/problem+json")
                    .body("type", equalTo("https://candor.dev/problems/payload-too-large"));
        }
        // Past the HTTP layer's own limit (2 MiB) too: a problem document, not an empty 413.
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"x\":\"" + "a".repeat(2_200_000) + "\"}")
                .when().post("/api/v1/consents")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("exceeds the limit"));
    }

    @Test
    void corsIsAllowedForTheConfiguredPortalOriginOnly() {
        given().header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization,Content-Type")
                .when().options("/api/v1/consents")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:3000")
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/consents")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("Origin", "https://evil.example")
                .when().get("/api/v1/consents?patient=pat-alice")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aBodyTrickledTooSlowlyIsA408AndTheConnectionIsClosed() throws Exception {
        // In tests a body must arrive within 1 s of its head; this one sends 10 of its 100 bytes, then nothing.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/consents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestTokens.patient("pat-alice") + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"patient\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            // Everything the gateway sends until it closes the connection (readAllBytes returns at the close).
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat((System.nanoTime() - started) / 1e9).isLessThan(10);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
                    .contains("https://candor.dev/problems/request-timeout").contains("did not arrive within 1.0 s");
        }
        // A body sent whole is not affected.
        given().auth().oauth2(TestTokens.patient("pat-alice")).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/consents").then().statusCode(not(408));
    }

    @Test
    void aBodyStillComingAfterAnEarlyRefusalIsCutOffAtTheSameDeadline() throws Exception {
        // No token: refused at once with a 401 — and the rest of the body must not hold the connection open for ever.
        String answer = rawExchange("POST /api/v1/decisions HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"subjects\"");
        assertThat(answer).startsWith("HTTP/1.1 401").contains("application/problem+json").doesNotContain("HTTP/1.1 408");
    }

    @Test
    void aRequestWithoutAHostIsAProblemNotAServerError() throws Exception {
        String answer = rawExchange("GET /q/health/live HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("needs a valid Host header");
    }

    @Test
    void aMalformedChunkIsTheClientsMistakeNotAnErrorOfOurs() throws Exception {
        // Netty cannot read the chunk size "zz" and Vert.x closes the connection; nothing of ours may say 500
        // (service-common's VertxFailureProblemsTest: such a failure is logged as the client's, not as an error).
        String token = TestTokens.patient("pat-alice");
        String answer = rawExchange("POST /api/v1/consents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        assertThat(answer).doesNotContain(" 500 ");
    }

    /**
     * Sends {@code head} on a new connection and returns everything the gateway sends until it closes the connection,
     * which must happen within 10 s (the body deadline is 1 s in tests).
     */
    private static String rawExchange(String head) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat((System.nanoTime() - started) / 1e9).as("seconds until the gateway closed").isLessThan(10);
            return answer;
        }
    }

    @Test
    void aCorsRefusalIsAProblemThatSaysWhy() {
        // Another origin: refused before anything else, with a problem naming the origin, not a bare 403.
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("Origin", "https://evil.example")
                .when().get("/api/v1/consents?patient=pat-alice")
                .then().statusCode(403).contentType("application/problem+json")
                .header("Vary", containsString("Origin"))
                .body("detail", containsString("'https://evil.example' is not allowed"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/consents")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("https://evil.example"));
        // The portal's origin with a method CORS does not allow.
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("Origin", "http://localhost:3000")
                .contentType(ContentType.JSON).body("{}")
                .when().patch("/api/v1/consents/any")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("PATCH is not allowed for cross-origin requests"));
        // The gateway's host with another port or spelled otherwise is another origin: a problem too, not a bare 403.
        for (String other : List.of("http://localhost:9999", "http://LOCALHOST:" + RestAssured.port,
                "https://localhost:" + RestAssured.port, "http://localhost:" + RestAssured.port + "/path")) {
            given().auth().oauth2(TestTokens.patient("pat-alice")).header("Origin", other)
                    .when().get("/api/v1/consents?patient=pat-alice")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString(other));
        }
        // The gateway's own origin (same host and port) is not a cross-origin request: Quarkus' CORS lets it by.
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .header("Origin", "http://localhost:" + RestAssured.port)
                .when().get("/api/v1/consents?patient=pat-alice")
                .then().statusCode(200);
    }

    @Test
    void apiAnswersCarryTheSecurityHeadersAndAreNeverCached() {
        Response answer = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/consents?patient=pat-alice");
        assertThat(answer.statusCode()).isEqualTo(200);
        // The service said max-age=3600; the gateway's no-store wins, and every header appears once.
        assertThat(answer.headers().getValues("Cache-Control")).containsExactly("no-store");
        assertThat(answer.headers().getValues("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(answer.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(answer.header("Strict-Transport-Security")).as("no HSTS over plain HTTP").isNull();

        // Problems too, and HSTS once a TLS-terminating proxy says the caller used HTTPS.
        given().header("X-Forwarded-Proto", "https").when().get("/api/v1/consents")
                .then().statusCode(401)
                .header("Cache-Control", "no-store")
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }

    @Test
    void theSwaggerPageMayRunItsScriptsButNotBeFramed() {
        given().when().get("/q/swagger-ui/")
                .then().statusCode(200)
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self' 'unsafe-inline'"));
    }
}
