package dev.candor.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.ledger.api.DecisionView;
import dev.candor.ledger.api.DisclosurePage;
import dev.candor.ledger.api.DisclosurePageWriter;
import dev.candor.ledger.api.DisclosureView;
import dev.candor.ledger.api.PartView;
import dev.candor.ledger.api.ProofView;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.Flag;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The page writer writes exactly what the records' Jackson serialisation would: same fields, order, nulls, formats. */
@QuarkusTest
class DisclosurePageWriterTest {

    @Inject
    ObjectMapper json;

    @Test
    void writesWhatJacksonWouldForEveryKindOfField() throws Exception {
        DecisionView permit = new DecisionView("PATIENT", "pat-alice", Decision.Outcome.PERMIT, "CONSENT",
                UUID.randomUUID(), 3, UUID.randomUUID(), "covered by \"consent\" v3 — ok", Instant.parse(
                        "2026-11-28T01:02:03.123456Z"));
        DecisionView none = new DecisionView("PROVIDER", "prov-1", Decision.Outcome.DENY, "NONE", null, null,
                UUID.randomUUID(), null, Instant.parse("2026-11-28T01:02:03Z"));
        DisclosureView full = new DisclosureView(UUID.randomUUID(), 42, Instant.parse("2026-11-28T01:02:03.1Z"),
                "org-1", "client-1", EnumSet.of(DataCategory.BILLING_CODES, DataCategory.SESSION_DATES),
                EnumSet.of(Flag.UNAUTHORIZED), List.of(permit, none), false,
                "{\"v\": 2, \"text\": \"é \\u00e9\", \"n\": [1, 2]}",
                List.of(new PartView(json.readTree("{\"subject\": \"PATIENT:pat-alice\", \"roles\": [\"SUBJECT\"]}"),
                        "cGFydA=="), new PartView(json.readTree("{\"subject\": \"PROVIDER:prov-1\"}"), null)),
                "bGVhZg==", "c2FsdA==", "ZGF0YQ==",
                new ProofView(42L, null, 100, List.of("aGFzaDE=", "aGFzaDI=")), "origin\n100\nroot\n");
        DisclosureView erased = new DisclosureView(UUID.randomUUID(), 43, Instant.parse("2026-11-28T01:02:04Z"),
                "org-1", "client-1", Set.of(), Set.of(), List.of(), true, null, null, "bGVhZg==", null, null, null,
                null);
        for (DisclosurePage page : List.of(new DisclosurePage(List.of(full, erased), 43L),
                new DisclosurePage(List.of(), null))) {
            assertThat(written(page)).isEqualTo(json.writeValueAsString(page));
        }
    }

    @Test
    void aPageOverHttpIsStillWhatClientsParse() {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body(DisclosureResourceTest.CLAIM_TO_INSURER).queryParam("wait", true)
                .post("/api/v1/disclosures").then().statusCode(201);
        given().auth().oauth2(billingJob()).queryParam("limit", 1)
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1))
                .body("items[0].content.disclosure", org.hamcrest.Matchers.notNullValue())
                .body("next", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aPageIsOneWriteNotAChunkPerEntry() {
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                    .body(DisclosureResourceTest.CLAIM_TO_INSURER).post("/api/v1/disclosures").then().statusCode(201);
        }
        // ~1 KB per entry: past the 8 KB a chunk used to hold, inside the 64 KB output buffer. Writing a part
        // through the ObjectMapper flushed the answer once per entry, each flush a chunk the gateway relayed alone.
        String length = given().auth().oauth2(billingJob()).queryParam("limit", 20)
                .when().get("/api/v1/disclosures")
                .then().statusCode(200).header("Transfer-Encoding", org.hamcrest.Matchers.nullValue())
                .extract().header("Content-Length");
        assertThat(Integer.parseInt(length)).isGreaterThan(8192);
    }

    private String written(DisclosurePage page) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = json.getFactory().createGenerator(out)) {
            DisclosurePageWriter.write(page, g);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
