package dev.candor.ledger;

import dev.candor.testsupport.DelegationRecordsStub;
import dev.candor.testsupport.OidcTestResource;
import dev.candor.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The module's test resources, declared once: they apply to every {@code @QuarkusTest} here. The ledger connects
 * as a role that owns nothing, as in production, so the tests see the real append-only grants.
 */
@QuarkusTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = PostgresTestResource.APP_ROLE, value = "true"))
@QuarkusTestResource(OidcTestResource.class)
@QuarkusTestResource(DelegationRecordsStub.class)
public class LedgerTestResources {
}
