package dev.candor.ledger;

import dev.candor.ledger.domain.CheckpointHighWater;
import dev.candor.ledger.domain.Integrator;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static dev.candor.ledger.DisclosureResourceTest.CLAIM_TO_INSURER;
import static dev.candor.ledger.DisclosureResourceTest.billingJob;
import static dev.candor.ledger.TransparencyLogTest.superuser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A replica whose integrator finds the lock taken still remembers how far the log has been signed. */
@QuarkusTest
class AnotherReplicaIntegratesTest {

    @Inject
    Integrator integrator;

    @Test
    void whileAnotherReplicaHoldsTheLockTheLatestCheckpointIsRemembered() throws Exception {
        given().auth().oauth2(billingJob()).contentType(ContentType.JSON).body(CLAIM_TO_INSURER)
                .queryParam("wait", true).post("/api/v1/disclosures").then().statusCode(201);
        try (Connection other = superuser(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + 0x63616e646f72L + ")"); // the other replica's integrator
            long size;
            byte[] root;
            try (ResultSet rs = s.executeQuery(
                    "SELECT tree_size, root_hash FROM checkpoint ORDER BY tree_size DESC LIMIT 1")) {
                rs.next();
                size = rs.getLong(1);
                root = rs.getBytes(2);
            }
            CheckpointHighWater fresh = new CheckpointHighWater(); // as in a replica that has not seen it
            QuarkusMock.installMockForType(fresh, CheckpointHighWater.class);

            assertThat(integrator.integrateOnce()).isEmpty();

            assertThat(fresh.highest()).hasValueSatisfying(mark -> {
                assertThat(mark.treeSize()).isEqualTo(size);
                assertThat(mark.root()).isEqualTo(root);
            });
            other.rollback();
        }
    }
}
