package dev.candor.consent.persistence;

import dev.candor.testsupport.PostgresTestResource;
import dev.candor.testsupport.TestTokens;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A decision whose record is not committed in time: its outcome is unknown to the caller, not a failure. */
@QuarkusTest
class DecisionStoreTimeoutTest {

    static final String SERVICE = TestTokens.user("candor-internal", "service").sign();

    @Inject
    DecisionStore store;

    static ValidatableResponse decide(String patient) {
        return given().auth().oauth2(SERVICE).contentType(ContentType.JSON).body("""
                        {"subjects": [{"type": "PATIENT", "id": "%s"}], "recipient": {"id": "ins-acme", "type": "INSURER"},
                         "categories": ["BILLING_CODES"], "purpose": "HPAYMT"}
                        """.formatted(patient))
                .when().post("/api/v1/decisions").then();
    }

    static Connection database() throws SQLException {
        return PostgresTestResource.server().superuser(PostgresTestResource.currentDatabase());
    }

    static long decisionsAbout(String patient) throws SQLException {
        try (Connection c = database();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM decision WHERE subject_id = ?")) {
            ps.setString(1, patient);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aRecordNotCommittedInTimeIsA503SayingTheOutcomeIsUnknownAndItMayStillBeKept() throws Exception {
        String alice = "pat-" + UUID.randomUUID();
        decide(alice).statusCode(200); // Alice is in memory now: her next decision is taken on the event loop
        DecisionStore real = ClientProxy.unwrap(store);
        Duration before = real.commitWait;
        real.commitWait = Duration.ofSeconds(1);
        try (Connection blocker = database()) {
            // Another transaction holds the decision table: the group commit waits for it.
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE decision IN SHARE MODE");
            }
            try {
                String bob = "pat-" + UUID.randomUUID();
                for (String patient : new String[]{alice, bob}) { // event loop (in memory), then a worker (loaded)
                    decide(patient).statusCode(503).contentType("application/problem+json")
                            .body("type", equalTo("https://candor.dev/problems/unavailable"))
                            .body("detail", containsString("outcome is unknown"));
                }
            } finally {
                blocker.rollback();
            }
        } finally {
            real.commitWait = before;
        }
        // Once the table is free the queued rows are committed after all: which is why the answer could not say no.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (decisionsAbout(alice) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(decisionsAbout(alice)).isEqualTo(2);
    }
}
