package dev.candor.gateway;

import dev.candor.testsupport.DelegationRecordsStub;
import dev.candor.testsupport.OidcTestResource;
import dev.candor.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** The module's test resources, declared once: they apply to every {@code @QuarkusTest} here. */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcTestResource.class)
@QuarkusTestResource(DelegationRecordsStub.class)
@QuarkusTestResource(EchoUpstreams.class)
public class GatewayTestResources {
}
