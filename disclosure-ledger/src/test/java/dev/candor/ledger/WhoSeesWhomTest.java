package dev.candor.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.testsupport.TestTokens;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.merkle.ProofException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static dev.candor.ledger.DisclosureResourceTest.CLAIM_TO_INSURER;
import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * An entry about several people shows each of them their own part only: being in a research cohort, or another
 * patient's consent decision, is that other person's health information. Each can still check offline that their
 * part is in the entry and the entry in the log.
 */
@QuarkusTest
class WhoSeesWhomTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Alice (treated by prov-tom) and Bob named; Carol and Dan in the cohort. */
    private static final String STUDY_EXPORT = CLAIM_TO_INSURER
            .replace("[{\"type\": \"PATIENT\", \"id\": \"pat-alice\"}]",
                    "[{\"type\": \"PATIENT\", \"id\": \"pat-alice\", \"treatingProviderId\": \"prov-tom\"},"
                            + " {\"type\": \"PATIENT\", \"id\": \"pat-bob\"}],"
                            + " \"cohort\": {\"memberIds\": [\"pat-carol\", \"pat-dan\"], \"size\": 40,"
                            + " \"description\": \"outcomes study\"}");

    private static String recordStudyExport() {
        return given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(STUDY_EXPORT)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201).extract().path("id");
    }

    @Test
    void aCohortMemberSeesTheEntryButNoOtherPersonInIt() {
        String id = recordStudyExport();

        String body = given().auth().oauth2(TestTokens.patient("pat-carol"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("parts.part.subject", contains("PATIENT:pat-carol"))
                .body("parts[0].part.roles", contains("MEMBER"))
                .body("decisions.subjectId", contains("pat-carol"))
                .body("content.disclosure.subjects", nullValue())
                .body("content.disclosure.cohort.memberIds", nullValue())
                .body("content.disclosure.cohort.size", org.hamcrest.Matchers.equalTo(40))
                .body("content.parts", hasSize(5))
                .extract().asString();
        assertThat(body).doesNotContain("pat-alice", "pat-bob", "pat-dan", "prov-tom");

        int leafIndex = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .when().get("/api/v1/disclosures/{id}", id).then().statusCode(200).extract().path("leafIndex");
        given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("subject", "pat-alice")
                .queryParam("after", leafIndex - 1)
                .when().get("/api/v1/disclosures")
                .then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.parts.part.subject", contains("PATIENT:pat-alice"))
                .body("items.find { it.id == '" + id + "' }.parts[0].part.treatingProviderId",
                        org.hamcrest.Matchers.equalTo("prov-tom"));
    }

    @Test
    void aDelegateSeesThePartOfThePatientTheyActForAndNoOtherPersons() {
        String id = recordStudyExport();

        String body = given().auth().oauth2(TestTokens.delegate("dana", "pat-alice"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("parts.part.subject", contains("PATIENT:pat-alice"))
                .body("decisions.subjectId", contains("pat-alice"))
                .extract().asString();
        assertThat(body).doesNotContain("pat-bob", "pat-carol", "pat-dan");
    }

    @Test
    void aTreatingTherapistSeesTheirPatientsPartAndTheirOwnButNoOneElse() {
        String id = recordStudyExport();

        String body = given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("parts.part.subject", contains("PATIENT:pat-alice", "PROVIDER:prov-tom"))
                .body("decisions.subjectId", containsInAnyOrder("pat-alice", "prov-tom"))
                .extract().asString();
        assertThat(body).doesNotContain("pat-bob", "pat-carol", "pat-dan");
    }

    @Test
    void anErasedEntryDoesNotShowTheOtherPersonsDecisions() {
        String id = recordStudyExport();
        given().auth().oauth2(TestTokens.admin("adam")).contentType(ContentType.JSON)
                .body("{\"reason\": \"retention period ended\"}")
                .when().post("/api/v1/admin/disclosures/{id}/erasure", id)
                .then().statusCode(200);

        String body = given().auth().oauth2(TestTokens.patient("pat-carol"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("erased", org.hamcrest.Matchers.equalTo(true))
                .body("parts", nullValue())
                .body("decisions.subjectId", contains("pat-carol"))
                .extract().asString();
        assertThat(body).doesNotContain("pat-alice", "pat-bob", "pat-dan", "prov-tom");
        given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("decisions.subjectId", contains("prov-tom"));
        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(200)
                .body("decisions", hasSize(5));
    }

    @Test
    void oversightAndTheRecordingOrganisationSeeEveryPart() {
        String id = recordStudyExport();
        List<String> everyone = List.of("PATIENT:pat-alice", "PATIENT:pat-bob", "PATIENT:pat-carol",
                "PATIENT:pat-dan", "PROVIDER:prov-tom");

        for (String token : List.of(TestTokens.regulator("rita"), billingJob())) {
            given().auth().oauth2(token).when().get("/api/v1/disclosures/{id}", id)
                    .then().statusCode(200)
                    .body("parts.part.subject", contains(everyone.toArray()))
                    .body("decisions", hasSize(5));
        }
        // another disclosing organisation sees nothing of it
        given().auth().oauth2(TestTokens.discloser("lakeside-ehr", "org-lakeside"))
                .when().get("/api/v1/disclosures/{id}", id)
                .then().statusCode(404);
    }

    @Test
    void aSubjectsPreviousEntryIsLinkedInTheirOwnPartNotInTheLeafForAllToSee() throws Exception {
        String first = recordStudyExport();
        String second = recordStudyExport();
        int firstIndex = given().auth().oauth2(TestTokens.patient("pat-carol"))
                .when().get("/api/v1/disclosures/{id}", first).then().statusCode(200).extract().path("leafIndex");

        JsonNode entry = JSON.readTree(given().auth().oauth2(TestTokens.patient("pat-carol"))
                .queryParam("proof", true).when().get("/api/v1/disclosures/{id}", second)
                .then().statusCode(200).extract().asString());
        assertThat(entry.get("parts").get(0).get("part").get("previous").asLong()).isEqualTo(firstIndex);
        // the leaf lists no links: they would tell Carol where the other four people's previous entries are
        String leafData = new String(Base64.getDecoder().decode(entry.get("leafData").asText()));
        assertThat(leafData).endsWith("\"links\":[]}");
    }

    @Test
    void eachSubjectVerifiesTheirOwnPartAgainstTheLeafAndNothingMore() throws Exception {
        String id = recordStudyExport();

        for (String patient : List.of("pat-alice", "pat-carol")) {
            JsonNode entry = JSON.readTree(given().auth().oauth2(TestTokens.patient(patient))
                    .queryParam("proof", true).when().get("/api/v1/disclosures/{id}", id)
                    .then().statusCode(200).extract().asString());
            byte[] salt = Base64.getDecoder().decode(entry.get("salt").asText());
            byte[] leafData = Base64.getDecoder().decode(entry.get("leafData").asText());
            // the leaf commits to the shared content under the entry salt...
            assertThat(LedgerLeaf.commitment(salt, entry.get("content")))
                    .isEqualTo(LedgerLeaf.commitmentOf(leafData));
            // ...and the content to the patient's own part under its salt
            assertThat(LedgerLeaf.checkParts(entry.get("content"), entry.get("parts"))).isEqualTo(1);
            assertThat(entry.get("parts").get(0).get("part").get("subject").asText()).isEqualTo("PATIENT:" + patient);

            // a part altered in transit (the decision turned round) is not one the entry commits to
            JsonNode altered = entry.get("parts").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) altered.get(0).get("part")).put("subject",
                    "PATIENT:pat-bob");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> LedgerLeaf.checkParts(entry.get("content"), altered))
                    .isInstanceOf(ProofException.class);
        }
    }
}
