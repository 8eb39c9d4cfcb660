package dev.candor.ledger;

import dev.candor.ledger.domain.Integrator;
import dev.candor.testsupport.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.candor.ledger.DisclosureResourceTest.CLAIM_TO_INSURER;
import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static dev.candor.ledger.IntegrationHealthTest.check;
import static dev.candor.ledger.TransparencyLogTest.behindTheLedgersBack;
import static dev.candor.ledger.TransparencyLogTest.superuser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failover to a replica the last commits had not reached: the database comes back with fewer checkpoints and, at
 * the lost indexes, other leaves. The integrator must not sign a second root for a tree size it has already signed;
 * it halts and says so. A halt lasts as long as the process, hence an application of its own.
 */
@QuarkusTest
@TestProfile(DatabaseWentBackwardsTest.OnlyTheTestIntegrates.class)
class DatabaseWentBackwardsTest {

    public static class OnlyTheTestIntegrates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("candor.ledger.integration.enabled", "false");
        }
    }

    @Inject
    Integrator integrator;

    long appendAndSign(int entries) {
        for (int i = 0; i < entries; i++) {
            given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                    .post("/api/v1/disclosures").then().statusCode(201);
        }
        return integrator.integrateOnce().orElseThrow().toSize();
    }

    static List<Long> signedSizes() throws Exception {
        List<Long> sizes = new ArrayList<>();
        try (Connection c = superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tree_size FROM checkpoint ORDER BY tree_size")) {
            while (rs.next()) {
                sizes.add(rs.getLong(1));
            }
        }
        return sizes;
    }

    @Test
    void theIntegratorRefusesToSignOverADatabaseThatWentBackwards() throws Exception {
        long kept = appendAndSign(1);
        long lost = appendAndSign(2);
        given().get("/api/v1/log/checkpoint").then().statusCode(200);

        // The promoted replica has the checkpoint of size `kept` and its tree; at the indexes after it, other leaves.
        behindTheLedgersBack("checkpoint", "DELETE FROM checkpoint WHERE tree_size > " + kept);
        behindTheLedgersBack("tree_node", "DELETE FROM tree_node WHERE (node_index + 1) * (1::bigint << level) > "
                + kept);
        behindTheLedgersBack("entry", "UPDATE entry SET leaf_hash = sha256(leaf_hash) WHERE leaf_index = "
                + (lost - 1));

        assertThatThrownBy(integrator::integrateOnce).hasMessageStartingWith("integration halted: the database's"
                + " latest checkpoint is of tree size " + kept + ", behind the one of size " + lost);
        assertThat(signedSizes()).as("nothing signed again at size " + lost).containsExactly(kept);
        assertThatThrownBy(integrator::integrateOnce).as("and nothing later either")
                .hasMessageStartingWith("integration halted: ");
        appendAndSignRefused();
        assertThat(signedSizes()).containsExactly(kept);

        assertThat(check("/q/health/well", 503).getString("data.problem"))
                .startsWith("halted: the database's latest checkpoint is of tree size " + kept);
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(PrometheusText.value(given().get("/q/metrics").then().extract().asString(),
                "candor_ledger_integration_halted")).isEqualTo(1.0);
    }

    /** Appends still work while integration is halted; only signing stops. */
    void appendAndSignRefused() {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .post("/api/v1/disclosures").then().statusCode(201);
        assertThatThrownBy(integrator::integrateOnce).hasMessageStartingWith("integration halted: ");
    }
}
