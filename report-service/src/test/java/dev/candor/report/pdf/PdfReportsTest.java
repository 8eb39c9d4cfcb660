package dev.candor.report.pdf;

import dev.candor.verifier.pdf.ExpectedSigner;
import dev.candor.verifier.pdf.PdfSignatureVerifier;
import dev.candor.verifier.pdf.PdfVerification;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The CDI bean the report endpoints use for {@code Accept: application/pdf}, with the service's configuration. */
@QuarkusTest
class PdfReportsTest {

    @Inject
    PdfReports reports;

    @Test
    void theServiceRendersSignedReportsThatVerifyWithItsPublishedCertificate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        reports.render(SampleReports.alice(50, 4), out);

        PdfVerification result = PdfSignatureVerifier.verify(out.toByteArray(),
                ExpectedSigner.fromPem(reports.signerCertificatePem()));
        assertThat(result.verified()).as("%s", result.checks()).isTrue();
        assertThat(result.signer().orElseThrow().subject()).contains("development only");
        assertThat(reports.signerCertificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }
}
