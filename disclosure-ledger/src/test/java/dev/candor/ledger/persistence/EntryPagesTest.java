package dev.candor.ledger.persistence;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A page ends early once its entries' content is large: memory per listing stays bounded, nothing is skipped. */
@QuarkusTest
class EntryPagesTest {

    @Inject
    EntryQueries queries;

    @Test
    void aPageOfLargeEntriesStopsAtTheBudgetAndTheNextPageGoesOnFromThere() {
        String recipient = "ins-" + UUID.randomUUID();
        String description = "d".repeat(1_900); // ~2,600 characters of content per entry
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recorded.add(given().auth().oauth2(TestTokens.discloser("carebridge-billing", "org-carebridge"))
                    .contentType(ContentType.JSON).body("""
                            {"occurredAt": "2026-10-01T09:30:00Z",
                             "recipient": {"id": "%s", "name": "Acme", "type": "INSURER", "address": "1 Way"},
                             "subjects": [{"type": "PATIENT", "id": "pat-pages"}],
                             "categories": ["BILLING_CODES"], "purpose": "HPAYMT",
                             "description": "%s", "purposeStatement": "payment", "recordCount": 1}
                            """.formatted(recipient, description))
                    .post("/api/v1/disclosures").then().statusCode(201).extract().path("id"));
        }
        String rita = TestTokens.regulator("rita");
        queries.pageContentBudget(6_500);
        try {
            JsonPath first = given().auth().oauth2(rita).queryParam("recipient", recipient).queryParam("limit", 100)
                    .get("/api/v1/disclosures").then().statusCode(200).extract().jsonPath();
            assertThat(first.getList("items.id")).containsExactlyElementsOf(recorded.subList(0, 3));
            assertThat(first.getString("next")).as("the page was cut by size: more may follow").isNotNull();

            JsonPath second = given().auth().oauth2(rita).queryParam("recipient", recipient).queryParam("limit", 100)
                    .queryParam("after", first.getString("next"))
                    .get("/api/v1/disclosures").then().statusCode(200).extract().jsonPath();
            assertThat(second.getList("items.id")).containsExactlyElementsOf(recorded.subList(3, 5));
            assertThat(second.getString("next")).isNull();
        } finally {
            queries.pageContentBudget(EntryQueries.PAGE_CONTENT_BUDGET);
        }
    }
}
