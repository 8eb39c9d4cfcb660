package dev.candor.consent;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class HealthAndDocsTest {

    @Test
    void readinessIncludesTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void metricsAndOpenApiArePublished() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/consents"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/decisions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/decisions/batch"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/policy-profiles/subjects/{subjectId}"))
                .body("paths.'/api/v1/decisions'.post.requestBody.content.'application/json'.examples",
                        org.hamcrest.Matchers.hasKey("Alice's claim"));
    }
}
