package dev.candor.report.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.report.domain.ReportSigner;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The report signing keys under the API path the gateway publishes, {@code /api/v1/reports/jwks.json}. A class of its
 * own: JAX-RS picks the resource class by its path first, and {@link ReportResource}'s {@code /api/v1/reports} claims
 * every path below it, so a method of {@link JwksResource} (class path {@code /}) at this path was never reached (404).
 */
@Path("/api/v1/reports/jwks.json")
@Tag(name = "Reports")
public class ApiJwksResource {

    @Inject
    ReportSigner signer;

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The report signing keys (as at /.well-known/jwks.json), under the API path the gateway "
            + "publishes")
    public ObjectNode jwks() {
        return signer.jwks().toJson();
    }
}
