package dev.candor.ledger;

import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.ledger.domain.ConsentDecisions;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.Integrator;
import dev.candor.ledger.domain.Settlement;
import dev.candor.ledger.persistence.UndecidedEntries;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Settlement of UNDECIDED entries: a backlog in one round, past an entry consent-service always refuses. */
@QuarkusTest
class SettlementTest {

    /**
     * consent-service as settlement meets it: down, or up and refusing the questions about one recipient for good
     * (the poison), permitting everything else. (A mock of the bean must be of the bean's class.)
     */
    static class ScriptedConsent extends FakeConsentDecisions {
        volatile boolean down = true;
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public CompletionStage<List<Decision>> decide(Question question) {
            asked.incrementAndGet();
            if (down) {
                return CompletableFuture.failedFuture(new IllegalStateException("consent-service is down"));
            }
            if (question.recipientId().equals("ins-poison")) {
                return CompletableFuture.failedFuture(new IllegalStateException("400: this question is refused"));
            }
            return CompletableFuture.completedFuture(question.subjects().stream().map(s -> new Decision(s,
                    Decision.Outcome.PERMIT, LegalBasis.HIPAA_TPO, null, null, UUID.randomUUID(), "permitted",
                    Instant.now())).toList());
        }
    }

    @Inject
    Settlement settlement;

    @Inject
    Integrator integrator;

    private final ScriptedConsent consent = new ScriptedConsent();

    @BeforeEach
    void stubConsentService() {
        QuarkusMock.installMockForType(consent, ConsentDecisions.class);
    }

    /** A disclosure in March of the given year (2015 is the backlog test's alone: its counts are checked). */
    private static String disclosure(int year, String recipient, int day) {
        return DisclosureResourceTest.CLAIM_TO_INSURER.replace("ins-acme", recipient)
                .replace("2026-10-01T09:30:00Z", "%d-03-%02dT09:30:00Z".formatted(year, 1 + day % 28));
    }

    /** Records the disclosures in one batch while consent-service is down: every one of them UNDECIDED. */
    private static List<Long> recordUndecided(List<String> disclosures) {
        List<Long> leaves = given().auth().oauth2(billingJob()).contentType(ContentType.JSON)
                .body("{\"entries\": [" + String.join(",", disclosures) + "]}")
                .when().post("/api/v1/disclosures/batch")
                .then().statusCode(201).extract().jsonPath().getList("leafIndex", Long.class);
        assertThat(leaves).hasSize(disclosures.size());
        return leaves;
    }

    private static List<Long> stillWaiting(List<Long> leaves) throws SQLException {
        try (Connection c = TransparencyLogTest.appRole(); PreparedStatement ps = c.prepareStatement("""
                SELECT e.leaf_index FROM entry e WHERE e.leaf_index = ANY (?)
                  AND NOT EXISTS (SELECT 1 FROM entry_decision d WHERE d.leaf_index = e.leaf_index)
                ORDER BY 1""")) {
            ps.setArray(1, c.createArrayOf("bigint", leaves.toArray()));
            List<Long> waiting = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    waiting.add(rs.getLong(1));
                }
            }
            return waiting;
        }
    }

    private static io.restassured.response.ValidatableResponse stats2015() {
        return given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2015-01-01T00:00:00Z").queryParam("to", "2016-01-01T00:00:00Z")
                .when().get("/api/v1/admin/log/stats").then().statusCode(200);
    }

    @Test
    void aBacklogIsSettledInOneRoundAndAnEntryConsentServiceAlwaysRefusesHoldsBackNothingAfterIt()
            throws Exception {
        int backlog = 3 * Settlement.PAGE / 2; // more than one page
        // the poison comes first: the lowest leaf index of the backlog
        List<String> disclosures = IntStream.range(0, backlog)
                .mapToObj(i -> disclosure(2015, i == 0 ? "ins-poison" : "ins-backlog", i)).toList();
        List<Long> leaves = recordUndecided(disclosures);
        long poison = leaves.get(0);
        // integrated (and so counted) before they are settled: settlement corrects the kept counts
        long deadline = System.currentTimeMillis() + 60_000;
        while (treeSize() <= leaves.get(leaves.size() - 1)) {
            assertThat(System.currentTimeMillis()).as("the backlog is integrated").isLessThan(deadline);
            integrator.integrateOnce();
            Thread.sleep(50); // pacing only: the background integrator may hold the lock
        }
        stats2015().body("entries", equalTo(backlog)).body("undecided", equalTo(backlog));

        consent.down = false;
        assertThat(settlement.settleOnce()).isGreaterThanOrEqualTo(backlog - 1);

        assertThat(stillWaiting(leaves)).containsExactly(poison);
        stats2015().body("entries", equalTo(backlog)).body("undecided", equalTo(1));
        LedgerStatsTest.fullCheck().body("ok", equalTo(true));
        // the poison is asked about again in later rounds, and alone
        int before = consent.asked.get();
        settlement.settleOnce();
        assertThat(consent.asked.get() - before).isGreaterThanOrEqualTo(1);
        assertThat(stillWaiting(leaves)).containsExactly(poison);
    }

    @Test
    void whileConsentServiceIsDownARoundEndsAfterItsFirstPage() throws Exception {
        List<Long> leaves = recordUndecided(IntStream.range(0, Settlement.PAGE + 100)
                .mapToObj(i -> disclosure(2014, "ins-down", i)).collect(Collectors.toList()));
        consent.asked.set(0); // the appends asked too

        assertThat(settlement.settleOnce()).isZero();
        assertThat(consent.asked.get()).as("one page asked, not every entry waiting").isBetween(1, Settlement.PAGE);
        assertThat(stillWaiting(leaves)).hasSize(leaves.size());

        consent.down = false; // leave nothing waiting for other tests
        settlement.settleOnce();
        assertThat(stillWaiting(leaves)).isEmpty();
    }

    @Test
    void aRoundIsSkippedWhileAnotherReplicaIsSettling() throws Exception {
        List<Long> leaves = recordUndecided(List.of(disclosure(2014, "ins-other-replica", 1)));
        consent.asked.set(0); // the append asked too
        consent.down = false;
        try (Connection other = TransparencyLogTest.appRole(); Statement s = other.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + UndecidedEntries.ROUND_LOCK_KEY
                    + ")")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            assertThat(settlement.settleOnce()).isZero();
            assertThat(consent.asked.get()).isZero();
            s.execute("SELECT pg_advisory_unlock(" + UndecidedEntries.ROUND_LOCK_KEY + ")");
        }
        assertThat(settlement.settleOnce()).isGreaterThanOrEqualTo(1);
        assertThat(stillWaiting(leaves)).isEmpty();
    }

    private static long treeSize() {
        String checkpoint = given().when().get("/api/v1/log/checkpoint").then().statusCode(200).extract().asString();
        return Long.parseLong(checkpoint.split("\n")[1]);
    }
}
