package dev.candor.report.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.report.domain.ReportSigner;
import dev.candor.report.pdf.PdfReports;
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
 * ({@link ApiJwksResource}) so the gateway (which only exposes {@code /api/...}) publishes it too. Beside them, the
 * certificate that signs PDF reports, for {@code candor-verifier verify-pdf --cert} ({@link ApiPdfSignerResource}
 * under the API).
 */
@Path("/")
@Tag(name = "Reports")
public class JwksResource {

    @Inject
    ReportSigner signer;

    @Inject
    PdfReports pdfReports;

    @GET
    @Path("/.well-known/jwks.json")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report signing keys (JWKS, OKP Ed25519, kid = RFC 7638 thumbprint)")
    public ObjectNode jwks() {
        return signer.jwks().toJson();
    }

    @GET
    @Path("/.well-known/pdf-signer.pem")
    @PermitAll
    @Produces(ApiPdfSignerResource.PEM)
    @Operation(summary = "The certificate that signs PDF reports (PEM), for candor-verifier verify-pdf --cert")
    public String pdfSigner() {
        return ApiPdfSignerResource.published(pdfReports);
    }
}
