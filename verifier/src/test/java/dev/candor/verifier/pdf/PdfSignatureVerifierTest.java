package dev.candor.verifier.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The offline check of a signed PDF report, on a report that report-service signed (a 3-page patient report,
 * {@code src/test/resources/pdf/signed-report.pdf}, made by its PdfReportBenchmark with a throw-away key whose
 * certificate is {@code signer.pem}; the key itself was never kept).
 */
class PdfSignatureVerifierTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PdfSignatureVerifierTest.class.getResourceAsStream("/pdf/" + name)) {
            return in.readAllBytes();
        }
    }

    static ExpectedSigner signer() throws IOException {
        return ExpectedSigner.fromPem(new String(resource("signer.pem"), StandardCharsets.US_ASCII));
    }

    @Test
    void aReportSignedByReportServiceVerifiesAgainstItsCertificate() throws IOException {
        PdfVerification result = PdfSignatureVerifier.verify(resource("signed-report.pdf"), signer());

        assertThat(result.firstFailure()).isEmpty();
        assertThat(result.verified()).isTrue();
        assertThat(result.checks()).extracting(PdfVerification.Check::name)
                .contains(PdfSignatureVerifier.MESSAGE_DIGEST, PdfSignatureVerifier.SIGNATURE,
                        PdfSignatureVerifier.NOTHING_APPENDED, PdfSignatureVerifier.EXPECTED_SIGNER);
        assertThat(result.signer().orElseThrow().subject()).isEqualTo("CN=Candor report signer (benchmark),O=Candor");
        assertThat(result.signer().orElseThrow().sha256Fingerprint()).matches("([0-9a-f]{2}:){31}[0-9a-f]{2}");
        assertThat(result.signer().orElseThrow().signedAt()).isPresent();
    }

    @Test
    void withoutAnExpectedSignerTheSignatureIsStillCheckedAndTheSignerReported() throws IOException {
        PdfVerification result = PdfSignatureVerifier.verify(resource("signed-report.pdf"), null);

        assertThat(result.verified()).isTrue();
        assertThat(result.checks()).extracting(PdfVerification.Check::name)
                .doesNotContain(PdfSignatureVerifier.EXPECTED_SIGNER);
        assertThat(result.signer().orElseThrow().checkedAgainstExpected()).isFalse();
    }

    @Test
    void everyByteOfTheSignedRangeCounts() throws IOException {
        byte[] pdf = resource("signed-report.pdf");
        // every 97th byte across the file, except the signature value itself (which is not signed)
        int gapStart = indexOf(pdf, "/Contents <") + "/Contents ".length();
        int gapEnd = indexOf(pdf, ">", gapStart) + 1;
        int checked = 0;
        for (int at = 0; at < pdf.length; at += 97) {
            if (at >= gapStart && at < gapEnd) {
                continue;
            }
            byte[] tampered = pdf.clone();
            tampered[at] ^= 0x20;
            assertThat(PdfSignatureVerifier.verify(tampered, signer()).verified()).as("byte %d changed", at)
                    .isFalse();
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void appendedBytesFailTheCheck() throws IOException {
        byte[] pdf = resource("signed-report.pdf");
        byte[] appended = Arrays.copyOf(pdf, pdf.length + 1);
        appended[pdf.length] = '\n';

        PdfVerification result = PdfSignatureVerifier.verify(appended, signer());

        assertThat(result.verified()).isFalse();
        assertThat(result.firstFailure().orElseThrow().name()).isEqualTo(PdfSignatureVerifier.NOTHING_APPENDED);
        assertThat(result.firstFailure().orElseThrow().detail()).startsWith("1 bytes were added after the signed part");
    }

    @Test
    void aSignatureByAnotherKeyFailsTheExpectedSignerCheck() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String otherKey = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";

        PdfVerification result = PdfSignatureVerifier.verify(resource("signed-report.pdf"),
                ExpectedSigner.fromPem(otherKey));

        assertThat(result.verified()).isFalse();
        assertThat(result.firstFailure().orElseThrow().name()).isEqualTo(PdfSignatureVerifier.EXPECTED_SIGNER);
        assertThat(result.firstFailure().orElseThrow().detail()).contains("not by a public key");
    }

    @Test
    void anUnsignedPdfIsNotVerified() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(out);
        }
        PdfVerification result = PdfSignatureVerifier.verify(out.toByteArray(), signer());

        assertThat(result.verified()).isFalse();
        assertThat(result.firstFailure().orElseThrow().detail()).isEqualTo("the PDF is not signed");
        assertThat(result.signer()).isEmpty();
    }

    @Test
    void somethingThatIsNotAPdfIsNotVerified() throws IOException {
        PdfVerification result = PdfSignatureVerifier.verify("hello".getBytes(StandardCharsets.US_ASCII), signer());

        assertThat(result.verified()).isFalse();
        assertThat(result.firstFailure().orElseThrow().name()).isEqualTo(PdfSignatureVerifier.READABLE);
    }

    @Test
    void pemWithoutCertificateOrKeyIsRefused() {
        assertThatThrownBy(() -> ExpectedSigner.fromPem("nothing here"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no CERTIFICATE or PUBLIC KEY");
        assertThatThrownBy(() -> ExpectedSigner.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected PEM block PRIVATE KEY");
    }

    static int indexOf(byte[] pdf, String text) {
        return indexOf(pdf, text, 0);
    }

    static int indexOf(byte[] pdf, String text, int from) {
        String s = new String(pdf, StandardCharsets.ISO_8859_1);
        int i = s.indexOf(text, from);
        assertThat(i).as("%s in the PDF", text).isNotNegative();
        return i;
    }
}
