package dev.candor.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/openapi}: the services' documents merged, only public paths, one bearer scheme, problems. */
@QuarkusTest
class OpenApiTest {

    @Test
    void theMergedDocumentHasThePublicPathsOfEveryServiceAndTheGatewaysOwn() {
        JsonPath doc = given().when().get("/api/openapi")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/consents", "/api/v1/reports/patients/{patientId}",
                "/api/v1/access-log");
        assertThat(paths).as("paths outside the route table stay private").doesNotContainKey("/internal/metrics-dump")
                .allSatisfy((path, item) -> assertThat(path).startsWith("/api/"));
        // The ledger stand-in is down: the document says which service is missing instead of failing.
        assertThat(doc.getList("info.x-candor-missing-services")).containsExactly("ledger");

        assertThat(doc.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(doc.getString("components.securitySchemes.bearer.bearerFormat")).isEqualTo("JWT");
        assertThat(doc.getList("paths.'/api/v1/consents'.get.security.bearer")).isNotNull();
        assertThat(doc.getString("paths.'/api/v1/consents'.get.responses.'429'.content.'application/problem+json'"
                + ".schema.'$ref'")).isEqualTo("#/components/schemas/GatewayProblem");
        assertThat(doc.getMap("paths.'/api/v1/consents'.get.responses.'200'.content.'application/json'.examples"))
                .as("the services' examples are kept").containsKey("one");
        assertThat(doc.getMap("components.schemas")).containsKeys("Consent", "GatewayProblem");
        assertThat(doc.getString("paths.'/api/v1/access-log'.get.responses.'200'.content.'application/json'"
                + ".examples.page.value")).contains("pat-alice");
    }

    @Test
    void swaggerUiShowsTheMergedDocument() {
        String config = given().when().get("/q/swagger-ui/index.html").then().statusCode(200).extract().asString();
        assertThat(config).contains("/api/openapi");
    }
}
