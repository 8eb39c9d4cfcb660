package dev.candor.report.pdf;

import dev.candor.verifier.pdf.ExpectedSigner;
import dev.candor.verifier.pdf.PdfSignatureVerifier;
import dev.candor.verifier.pdf.PdfVerification;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PAdES signing of PDF reports, checked with the offline verifier a reader runs. */
class PdfReportSignerTest {

    /**
     * Inside the test certificate's validity (it runs from a day before it is made): a fixed date here stopped being
     * so a day after it was written. Whole seconds, as a PDF signature keeps them.
     */
    static final Instant SIGNED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    static PdfSigningKeys keys;
    static byte[] signed;

    @BeforeAll
    static void signOneReport() throws IOException {
        keys = PdfSigningKeys.selfSigned("Candor report signer (test)", Duration.ofDays(30));
        signed = sign(keys, SampleReports.alice(120, 7));
    }

    static byte[] sign(PdfSigningKeys keys, PdfReportContent content) throws IOException {
        ByteArrayOutputStream unsigned = new ByteArrayOutputStream();
        new PdfReportWriter().write(content, unsigned);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keys.signer().sign(unsigned.toByteArray(), SIGNED_AT, out);
        return out.toByteArray();
    }

    static PdfVerification verify(byte[] pdf) {
        return PdfSignatureVerifier.verify(pdf, ExpectedSigner.of(keys.chain().get(0)));
    }

    @Test
    void aSignedReportVerifiesWithTheSignersCertificate() {
        PdfVerification result = verify(signed);

        assertThat(result.checks()).extracting(PdfVerification.Check::name).containsExactly(
                PdfSignatureVerifier.READABLE, PdfSignatureVerifier.ONE_SIGNATURE, PdfSignatureVerifier.SUB_FILTER,
                PdfSignatureVerifier.BYTE_RANGE, PdfSignatureVerifier.NOTHING_APPENDED, PdfSignatureVerifier.CMS,
                PdfSignatureVerifier.MESSAGE_DIGEST, PdfSignatureVerifier.SIGNATURE,
                PdfSignatureVerifier.SIGNING_CERTIFICATE, PdfSignatureVerifier.CERTIFICATE_VALIDITY,
                PdfSignatureVerifier.EXPECTED_SIGNER);
        assertThat(result.firstFailure()).isEmpty();
        assertThat(result.verified()).isTrue();
        PdfVerification.Signer signer = result.signer().orElseThrow();
        assertThat(signer.subject()).isEqualTo("CN=Candor report signer (test),O=Candor");
        assertThat(signer.sha256Fingerprint()).isEqualTo(keys.fingerprint());
        assertThat(signer.signedAt()).contains(SIGNED_AT);
        assertThat(signer.checkedAgainstExpected()).isTrue();
    }

    @Test
    void theSignatureIsPadesBaselineB() throws Exception {
        try (PDDocument doc = Loader.loadPDF(signed)) {
            PDSignature signature = doc.getLastSignatureDictionary();
            assertThat(signature.getFilter()).isEqualTo("Adobe.PPKLite");
            assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            assertThat(signature.getName()).isEqualTo("Candor report signer (test)");
            try (ASN1InputStream in = new ASN1InputStream(signature.getContents())) {
                CMSSignedData cms = new CMSSignedData(ContentInfo.getInstance(in.readObject()));
                assertThat(cms.isDetachedSignature()).isTrue();
                SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
                assertThat(signer.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1"); // SHA-256
                assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
                assertThat(signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2))
                        .isNotNull();
                assertThat(signer.getSignedAttributes().get(CMSAttributes.contentType)).isNotNull();
                // PAdES: the time is the dictionary's /M, never a CMS signing-time attribute
                assertThat(signer.getSignedAttributes().get(CMSAttributes.signingTime)).isNull();
            }
        }
    }

    @Test
    void oneByteChangedInsideAPageIsDetectedByTheMessageDigest() throws IOException {
        int[] range;
        try (PDDocument doc = Loader.loadPDF(signed)) {
            range = doc.getLastSignatureDictionary().getByteRange();
        }
        // a byte of a compressed content stream: the file still parses, only what a reader sees changes
        int end = indexOf(signed, "endstream".getBytes(StandardCharsets.US_ASCII), signed.length / 3);
        assertThat(end).isPositive().isLessThan(range[1]);
        byte[] tampered = signed.clone();
        tampered[end - 20] ^= 0x01;

        PdfVerification result = verify(tampered);

        assertThat(result.verified()).isFalse();
        assertThat(result.checks()).filteredOn(c -> !c.passed()).extracting(PdfVerification.Check::name)
                .containsExactly(PdfSignatureVerifier.MESSAGE_DIGEST, PdfSignatureVerifier.SIGNATURE);
        assertThat(result.firstFailure().orElseThrow().detail()).contains("changed after signing");
    }

    @Test
    void anyOneByteChangeInTheSignedRangeIsDetected() throws IOException {
        int[] range;
        try (PDDocument doc = Loader.loadPDF(signed)) {
            range = doc.getLastSignatureDictionary().getByteRange();
        }
        Random random = new Random(11);
        for (int i = 0; i < 25; i++) {
            int at = random.nextBoolean() ? random.nextInt(range[1]) : range[2] + random.nextInt(range[3]);
            byte[] tampered = signed.clone();
            tampered[at] ^= (byte) (1 + random.nextInt(255));
            assertThat(verify(tampered).verified()).as("byte %d changed", at).isFalse();
        }
    }

    @Test
    void bytesAppendedAfterSigningAreDetected() {
        byte[] appended = Arrays.copyOf(signed, signed.length + 9);
        System.arraycopy("%comment\n".getBytes(StandardCharsets.US_ASCII), 0, appended, signed.length, 9);

        PdfVerification result = verify(appended);

        assertThat(result.verified()).isFalse();
        assertThat(result.firstFailure().orElseThrow().name()).isEqualTo(PdfSignatureVerifier.NOTHING_APPENDED);
        assertThat(result.firstFailure().orElseThrow().detail()).startsWith("9 bytes were added");
    }

    @Test
    void anIncrementalUpdateAfterSigningIsDetectedThoughTheOldSignatureStillVerifies() throws IOException {
        ByteArrayOutputStream updated = new ByteArrayOutputStream();
        try (PDDocument doc = Loader.loadPDF(signed)) {
            doc.getDocumentInformation().setTitle("Nothing to see here");
            doc.getDocumentInformation().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(updated);
        }
        PdfVerification result = verify(updated.toByteArray());

        assertThat(result.verified()).isFalse();
        assertThat(result.checks()).filteredOn(c -> !c.passed()).extracting(PdfVerification.Check::name)
                .containsExactly(PdfSignatureVerifier.NOTHING_APPENDED);
    }

    @Test
    void aReportSignedByAnotherKeyIsRefusedWhenTheReaderNamesTheExpectedCertificate() throws IOException {
        PdfSigningKeys other = PdfSigningKeys.selfSigned("Candor report signer (test)", Duration.ofDays(30));
        byte[] forged = sign(other, SampleReports.alice(5, 8));

        PdfVerification result = verify(forged);

        assertThat(result.verified()).isFalse();
        assertThat(result.checks()).filteredOn(c -> !c.passed()).extracting(PdfVerification.Check::name)
                .containsExactly(PdfSignatureVerifier.EXPECTED_SIGNER);
        assertThat(result.firstFailure().orElseThrow().detail()).contains(other.fingerprint(), keys.fingerprint());
        // without an expectation the verifier can only say who signed
        PdfVerification unchecked = PdfSignatureVerifier.verify(forged, null);
        assertThat(unchecked.verified()).isTrue();
        assertThat(unchecked.signer().orElseThrow().checkedAgainstExpected()).isFalse();
        assertThat(unchecked.signer().orElseThrow().sha256Fingerprint()).isEqualTo(other.fingerprint());
    }

    @Test
    void theExpectedSignerMayBeGivenAsPemCertificateOrPublicKey() {
        String key = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.chain().get(0).getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThat(PdfSignatureVerifier.verify(signed, ExpectedSigner.fromPem(keys.certificatePem())).verified())
                .isTrue();
        assertThat(PdfSignatureVerifier.verify(signed, ExpectedSigner.fromPem(key)).verified()).isTrue();
    }

    @Test
    void aConfiguredPkcs12KeystoreSignsWithItsKey(@TempDir Path dir) throws Exception {
        PdfSigningKeys made = PdfSigningKeys.selfSigned("Candor report signer (production test)",
                Duration.ofDays(365));
        Path file = dir.resolve("signer.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("signer", made.key(), "s3cret".toCharArray(), made.chain().toArray(new Certificate[0]));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "s3cret".toCharArray());
        }
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "s3cret\n");

        PdfSigningKeys loaded = PdfSigningKeys.load(config(file.toString(), null, passwordFile.toString(), null));

        assertThat(loaded.fingerprint()).isEqualTo(made.fingerprint());
        byte[] pdf = sign(loaded, SampleReports.alice(3, 9));
        assertThat(PdfSignatureVerifier.verify(pdf, ExpectedSigner.fromPem(made.certificatePem())).verified()).isTrue();
        assertThatThrownBy(() -> PdfSigningKeys.load(config(file.toString(), "wrong", null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("signer.p12");
        assertThatThrownBy(() -> PdfSigningKeys.load(config(file.toString(), null, null, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a password");
    }

    @Test
    void aDevelopmentCertificateIsMadeOnceKeptPrivateAndReused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dev").resolve("report-signing.p12");

        PdfSigningKeys first = PdfSigningKeys.load(config(null, null, null, file.toString()));
        PdfSigningKeys again = PdfSigningKeys.load(config(null, null, null, file.toString()));

        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(first.chain().get(0).getSubjectX500Principal().getName()).contains("development only");
        assertThat(first.key().getAlgorithm()).isEqualTo("EC");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                file.resolveSibling("report-signing.p12.password")))).isEqualTo("rw-------");
    }

    @Test
    void withoutAnyConfigurationNoReportCanBeSignedAndTheMessageSaysWhatToSet() {
        assertThatThrownBy(() -> PdfSigningKeys.load(config(null, null, null, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CANDOR_REPORT_PDF_SIGNING_KEYSTORE_FILE");
    }

    static PdfSigningConfig config(String file, String password, String passwordFile, String devFile) {
        return new PdfSigningConfig() {
            @Override
            public java.util.Optional<String> keystoreFile() {
                return java.util.Optional.ofNullable(file);
            }

            @Override
            public java.util.Optional<String> keystorePassword() {
                return java.util.Optional.ofNullable(password);
            }

            @Override
            public java.util.Optional<String> keystorePasswordFile() {
                return java.util.Optional.ofNullable(passwordFile);
            }

            @Override
            public java.util.Optional<String> keyAlias() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<String> devKeystoreFile() {
                return java.util.Optional.ofNullable(devFile);
            }
        };
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
