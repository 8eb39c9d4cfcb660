package dev.candor.consent;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static dev.candor.consent.Api.freshPatient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PolicyProfileResourceTest {

    static final String ADMIN = TestTokens.admin("adam");

    @Test
    void theProfilesAndTheDeploymentDefaultArePublished() {
        given().auth().oauth2(TestTokens.discloser("carebridge-billing", "org-carebridge"))
                .when().get("/api/v1/policy-profiles")
                .then().statusCode(200)
                .body("deploymentDefault", equalTo("HIPAA"))
                .body("profiles.code", hasItems("HIPAA", "PART2", "WA_MHMDA", "STRICT"));
    }

    @Test
    void anAdminSetsAndClearsASubjectsProfileAndThePatientCanSeeIt() {
        String patient = freshPatient();
        given().auth().oauth2(TestTokens.patient(patient))
                .when().get("/api/v1/policy-profiles/subjects/{id}", patient)
                .then().statusCode(200)
                .body("profile", nullValue()).body("effectiveProfile", equalTo("HIPAA")).body("setAt", nullValue());

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"profile\": \"PART2\"}")
                .when().put("/api/v1/policy-profiles/subjects/{id}", patient)
                .then().statusCode(200)
                .body("subjectType", equalTo("PATIENT")).body("subjectId", equalTo(patient))
                .body("profile", equalTo("PART2")).body("setBy", equalTo("adam"));
        given().auth().oauth2(TestTokens.patient(patient))
                .when().get("/api/v1/policy-profiles/subjects/{id}", patient)
                .then().statusCode(200).body("effectiveProfile", equalTo("PART2"));
        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/policy-profiles/subjects/{id}", patient)
                .then().statusCode(200).body("profile", equalTo("PART2"));

        given().auth().oauth2(ADMIN).when().delete("/api/v1/policy-profiles/subjects/{id}", patient)
                .then().statusCode(200).body("profile", nullValue());
        assertThat(Api.count(
                "SELECT count(*) FROM subject_policy_profile WHERE subject_id = ?", patient)).isEqualTo(2);
    }

    @Test
    void providersHaveProfilesToo() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"profile\": \"STRICT\"}")
                .queryParam("subjectType", "PROVIDER")
                .when().put("/api/v1/policy-profiles/subjects/{id}", "prov-strict")
                .then().statusCode(200).body("subjectType", equalTo("PROVIDER"));
        given().auth().oauth2(ADMIN).queryParam("subjectType", "PROVIDER")
                .when().get("/api/v1/policy-profiles/subjects/{id}", "prov-strict")
                .then().statusCode(200).body("effectiveProfile", equalTo("STRICT"));
        given().auth().oauth2(ADMIN)
                .when().get("/api/v1/policy-profiles/subjects/{id}", "prov-strict")
                .then().statusCode(200).body("effectiveProfile", equalTo("HIPAA"));
    }

    @Test
    void onlyAdminsSetProfilesAndOthersSeeOnlyTheirOwn() {
        String patient = freshPatient();
        for (String token : new String[]{TestTokens.patient(patient), TestTokens.regulator("rita"),
                TestTokens.discloser("carebridge-billing", "org-carebridge")}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"profile\": \"STRICT\"}")
                    .when().put("/api/v1/policy-profiles/subjects/{id}", patient)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.patient(freshPatient()))
                .when().get("/api/v1/policy-profiles/subjects/{id}", patient)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.discloser("carebridge-billing", "org-carebridge"))
                .when().get("/api/v1/policy-profiles/subjects/{id}", patient)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void unknownProfilesAndSubjectTypesAreProblems() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"profile\": \"GDPR\"}")
                .when().put("/api/v1/policy-profiles/subjects/{id}", "pat-x")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("profile"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/policy-profiles/subjects/{id}", "pat-x")
                .then().statusCode(400).body("errors[0].field", equalTo("profile"));
        given().auth().oauth2(ADMIN).queryParam("subjectType", "PRACTICE")
                .when().get("/api/v1/policy-profiles/subjects/{id}", "pat-x")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("subjectType"));
    }
}
