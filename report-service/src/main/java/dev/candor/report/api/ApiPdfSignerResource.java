package dev.candor.report.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.report.pdf.PdfReports;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The certificate that signs PDF reports, under the API path the gateway publishes,
 * {@code /api/v1/reports/pdf-signer.pem} (as {@code /.well-known/pdf-signer.pem} on the service, {@link JwksResource}).
 * A class of its own for the reason {@link ApiJwksResource} is one: a method at this path in a class at {@code /} is
 * never reached, as {@link ReportResource}'s class path {@code /api/v1/reports} is chosen first.
 */
@Path("/api/v1/reports/pdf-signer.pem")
@Tag(name = "Reports")
public class ApiPdfSignerResource {

    static final String PEM = "application/x-pem-file";

    @Inject
    PdfReports pdfReports;

    @GET
    @PermitAll
    @Produces(PEM)
    @Operation(summary = "The certificate that signs PDF reports (PEM), for candor-verifier verify-pdf --cert; as at"
            + " /.well-known/pdf-signer.pem")
    public String pdfSigner() {
        return published(pdfReports);
    }

    /** The PEM to publish; a 404 problem when this service signs no PDF reports. */
    static String published(PdfReports pdfReports) {
        return pdfReports.publishedCertificatesPem()
                .orElseThrow(() -> ProblemException.notFound("PDF signing certificate (PDF reports are not configured)"));
    }
}
