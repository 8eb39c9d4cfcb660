package dev.candor.gateway;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * A token the gateway has validated before takes a shorter way through it (ProxyRoutes.shortWay, docs/gateway.md):
 * every request here is sent twice with the same token — the first is validated by Quarkus OIDC, the second is found
 * in the token cache — and both must be treated alike: forwarded with the caller's token, request id and body, with
 * the gateway's headers, CORS, ownership at the edge, and the body limit.
 */
@QuarkusTest
class KnownTokenTest {

    @TestHTTPResource("/api/v1/consents")
    URI consents;

    @Test
    void aKnownTokensRequestIsForwardedWithTheGatewaysHeadersAndCors() {
        String alice = TestTokens.patient("pat-alice");
        for (int time = 1; time <= 2; time++) {
            given().auth().oauth2(alice).header("X-Request-Id", "req-known-" + time)
                    .header("Origin", "http://localhost:3000")
                    .when().get("/api/v1/reports/patients/pat-alice?period=2026")
                    .then().statusCode(200)
                    .body("uri", equalTo("/api/v1/reports/patients/pat-alice?period=2026"))
                    .body("authorization", equalTo("Bearer " + alice))
                    .body("requestId", equalTo("req-known-" + time))
                    .header("X-Request-Id", "req-known-" + time)
                    // The service's own max-age never replaces the gateway's no-store.
                    .header("Cache-Control", "no-store")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                    .header("Access-Control-Allow-Origin", "http://localhost:3000");
        }
    }

    @Test
    void anHttp2BodyWithoutAContentLengthIsForwardedWhole() throws Exception {
        // HTTP/2 (cleartext, prior knowledge) sends a body in DATA frames with neither Content-Length nor
        // Transfer-Encoding: the short way once took that for "no body" and forwarded none.
        String token = TestTokens.user("h2-alice", "patient").claim("patient_id", "pat-alice").sign();
        String body = "{\"signedText\": \"I agree\"}";
        Vertx vertx = Vertx.vertx();
        try {
            io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
            for (int time = 1; time <= 2; time++) {
                HttpClientResponse[] seen = new HttpClientResponse[1];
                JsonObject echo = client.request(HttpMethod.POST, consents.getPort(), "localhost", "/api/v1/consents")
                        .compose(request -> {
                            request.putHeader("Authorization", "Bearer " + token)
                                    .putHeader("Content-Type", "application/json").setChunked(true);
                            request.write(body.substring(0, 5));
                            return request.end(body.substring(5)).compose(ignored -> request.response());
                        })
                        .compose(response -> {
                            seen[0] = response;
                            return response.body();
                        })
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toJsonObject();
                assertThat(seen[0].version()).isEqualTo(HttpVersion.HTTP_2);
                assertThat(echo.getInteger("bodyLength")).as("request %d", time).isEqualTo(body.length());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anHttp2BodyThatNeverEndsIsCutOffAtTheDeadline() throws Exception {
        // Over HTTP/2 the deadline (1 s in tests) ends the whole connection: the stream's answer is reset with it.
        String token = TestTokens.user("h2-slow", "patient").claim("patient_id", "pat-alice").sign();
        Vertx vertx = Vertx.vertx();
        try {
            io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
            long started = System.nanoTime();
            Throwable outcome = client.request(HttpMethod.POST, consents.getPort(), "localhost", "/api/v1/consents")
                    .compose(request -> {
                        request.putHeader("Authorization", "Bearer " + token)
                                .putHeader("Content-Type", "application/json").setChunked(true);
                        request.write("{\"signedText\":"); // and never more
                        return request.response();
                    })
                    .compose(response -> response.statusCode() == 408 ? Future.<Void>failedFuture("408")
                            : Future.failedFuture("answered " + response.statusCode()))
                    .toCompletionStage().toCompletableFuture()
                    .handle((ignored, failure) -> failure).get(10, TimeUnit.SECONDS);
            assertThat(outcome).as("the stream ended by the deadline, not answered otherwise").isNotNull();
            assertThat(String.valueOf(outcome.getMessage())).doesNotContain("answered");
            assertThat((System.nanoTime() - started) / 1e9).isLessThan(8);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyEndToEndHeaderOfTheServiceReachesTheCallerHoweverManyThereAre() {
        String alice = TestTokens.patient("pat-alice");
        for (int lines : new int[] {3, 70}) {
            io.restassured.response.Response answer = given().auth().oauth2(alice)
                    .when().get("/api/v1/consents?headers=" + lines)
                    .then().statusCode(200)
                    .header("Cache-Control", "no-store")
                    .extract().response();
            for (int i = 0; i < lines; i++) {
                assertThat(answer.header("X-Upstream-" + i)).isEqualTo("value-" + i);
            }
            assertThat(answer.headers().getValues("X-Repeated")).containsExactly("first", "second");
            assertThat(answer.headers().getValues("Cache-Control")).containsExactly("no-store");
        }
    }

    @Test
    void aKnownTokensBodyIsForwardedWholeWhetherItsLengthIsDeclaredOrChunked() throws Exception {
        String alice = TestTokens.patient("pat-alice");
        for (int time = 1; time <= 2; time++) {
            given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"kind\":\"GENERAL_CONSENT\"}")
                    .when().post("/api/v1/consents")
                    .then().statusCode(200)
                    .body("method", equalTo("POST"))
                    .body("bodyLength", equalTo(26));
        }
        byte[] body = "{\"kind\":\"GENERAL_CONSENT\",\"sent\":\"in chunks\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(consents).header("Authorization", "Bearer " + alice)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"bodyLength\":" + body.length);
    }

    @Test
    void aKnownTokenStillMeetsOwnershipAtTheEdgeTheBodyLimitAndTheGatewaysOwnPaths() {
        String bob = TestTokens.patient("pat-bob");
        for (int time = 1; time <= 2; time++) {
            given().auth().oauth2(bob)
                    .when().get("/api/v1/consents?patient=pat-alice")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        String big = "{\"x\":\"" + "a".repeat(1_100_000) + "\"}";
        given().auth().oauth2(bob).contentType(ContentType.JSON).body(big)
                .when().post("/api/v1/consents")
                .then().statusCode(413).contentType("application/problem+json");
        // The gateway's own access log is answered by the gateway, not proxied.
        given().auth().oauth2(bob)
                .when().get("/api/v1/access-log?patient=pat-bob")
                .then().statusCode(200)
                .body("uri", nullValue())
                .body("items", notNullValue());
    }
}
