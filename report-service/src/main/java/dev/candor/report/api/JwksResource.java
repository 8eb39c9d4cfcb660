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
 * The public keys that verify signed reports: the current one and every retired one still trusted. At the
 * conventional {@code /.well-known/jwks.json} on the service, and under the API as {@code /api/v1/reports/jwks.json}
 * so the gateway (which only exposes {@code /api/...}) publishes it too.
 */
@Path("/")
@Tag(name = "Reports")
public class JwksResource {

    @Inject
    ReportSigner signer;

    @GET
    @Path("/.well-known/jwks.json")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report signing keys (JWKS, OKP Ed25519, kid = RFC 7638 thumbprint)")
    public ObjectNode jwks() {
        return signer.jwks().toJson();
    }

    @GET
    @Path("/api/v1/reports/jwks.json")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same report signing keys, under the API path the gateway publishes")
    public ObjectNode jwksUnderTheApi() {
        return jwks();
    }
}
