package dev.candor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.report.client.ConsentClient;
import dev.candor.report.client.LedgerClient;
import dev.candor.report.client.OversightClient;
import dev.candor.testsupport.TestTokens;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;

import static dev.candor.report.FakeLedger.decision;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The report endpoints as HTTP resources: what they publish beside the reports, and how they read a request (period,
 * format, method) and label what they answer. {@link SignedReportTest} covers what a report holds.
 */
@QuarkusTest
class ReportHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @InjectMock
    @RestClient
    ConsentClient consent;

    @InjectMock
    @RestClient
    LedgerClient ledger;

    @InjectMock
    @RestClient
    OversightClient oversight;

    FakeLedger fake;

    @BeforeEach
    void twoDisclosuresAboutAliceOnTheTwentyEighthAndTheTwentyNinth() throws Exception {
        fake = new FakeLedger();
        for (String at : List.of("2026-11-28T04:08:08Z", "2026-11-29T10:00:00Z")) {
            fake.add(at, "ins-acme", "Acme Health Insurance", "INSURER", "HPAYMT", List.of("BILLING_CODES"),
                    List.of("pat-alice"), List.of(), decision("pat-alice", "PERMIT", "HIPAA_TPO", null, null));
        }
        fake.sign();
        fake.serve(ledger);
        when(consent.directivesOf(anyString())).thenReturn(JSON.readTree("[]"));
        when(oversight.record(anyString(), any())).thenReturn(JSON.readTree("{\"id\": \"oversight-1\"}"));
    }

    static Response alicesReport(String format) {
        return given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("format", format)
                .queryParam("from", "2026-11-28").queryParam("to", "2026-11-28")
                .when().get("/api/v1/reports/patients/pat-alice");
    }

    // --- the PDF signer's certificate (probe finding 4) ---

    @Test
    void theCertificatePublishedIsTheOneThatSignedAPdfReport() throws Exception {
        byte[] pdf = alicesReport("pdf").then().statusCode(200).extract().asByteArray();
        byte[] signer = cmsSignerCertificate(pdf);

        for (String path : List.of("/api/v1/reports/pdf-signer.pem", "/.well-known/pdf-signer.pem")) {
            String pem = given().when().get(path) // no token: public, like the JWKS
                    .then().statusCode(200).contentType("application/x-pem-file").extract().asString();
            assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
            Collection<? extends Certificate> published = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes()));
            assertThat(published).as("only the signer's certificate, not its issuers").hasSize(1);
            assertThat(published.iterator().next().getEncoded()).as(path).isEqualTo(signer);
        }
    }

    // --- the period people read (probe finding 6) ---

    @Test
    void aReportForOneDaySaysThatDayNotTheNextOneInThePdfAndTheCsv() throws Exception {
        alicesReport("json").then().statusCode(200)
                .body("period.from", equalTo("2026-11-28T00:00:00Z"))
                .body("period.to", equalTo("2026-11-29T00:00:00Z")); // for machines: the exclusive end, unchanged

        byte[] pdf = alicesReport("pdf").then().statusCode(200).extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("Period: 28 November 2026 Generated:");
        }

        String csv = alicesReport("csv").then().statusCode(200).extract().asString();
        assertThat(csv.lines().findFirst().orElseThrow()).contains(", disclosures on 2026-11-28 (period.from"
                + " 2026-11-28T00:00:00Z, period.to 2026-11-29T00:00:00Z excluded), log tree size 2");
    }

    // --- period bounds the ledger could not honour (probe finding 7) ---

    @Test
    void aBoundFinerThanAMicrosecondIsABadRequestNamingIt() {
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .queryParam("from", "2026-11-28T04:08:08Z").queryParam("to", "2026-11-28T04:08:08.000000001Z")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("to"))
                .body("errors[0].message", containsString("more precise than a microsecond"));
    }

    // --- content negotiation (probe finding 9; the rules in ReportFormatTest) ---

    @Test
    void acceptIsReadAsRfc9110SaysNotAsASubstring() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("Accept", "application/pdf;q=0, text/csv")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200).contentType(containsString("text/csv"));
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("Accept", "TEXT/CSV")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200).contentType(containsString("text/csv"));
    }

    // --- response headers (probe finding 10) ---

    @Test
    void everyReportIsNoStoreAndCsvAndPdfAreAttachmentsNamedForWhatTheyHold() {
        alicesReport("json").then().statusCode(200).header("Cache-Control", "no-store")
                .header("Content-Disposition", nullValue());
        for (String format : List.of("csv", "pdf")) {
            alicesReport(format).then().statusCode(200).header("Cache-Control", "no-store")
                    .header("Content-Disposition", matchesPattern("attachment; filename=\"candor-report-patient"
                            + "-pat-alice-\\d{4}-\\d{2}-\\d{2}\\." + format + "\""));
        }
    }

    // --- methods (probe findings 10 and 11) ---

    @Test
    void aRegulatorsHeadOnAReportIsRefusedAndNeitherBuildsNorRecordsAnything() {
        for (String path : List.of("/api/v1/reports/patients/pat-alice", "/api/v1/reports/providers/prov-tom",
                "/api/v1/reports/platform")) {
            given().auth().oauth2(TestTokens.regulator("rita")).when().head(path)
                    .then().statusCode(405).header("Allow", "GET");
        }
        verify(ledger, never()).checkpoint();
        verify(oversight, never()).record(anyString(), any());
        // GET still answers, and is the one that records the pull
        given().auth().oauth2(TestTokens.regulator("rita")).when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200);
        verify(oversight).record(anyString(), any());
    }

    @Test
    void aMethodNotAllowedSaysWhichAre() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).contentType("application/json").body("{}")
                .when().post("/api/v1/reports/patients/pat-alice")
                .then().statusCode(405).contentType("application/problem+json").header("Allow", "GET");
        given().auth().oauth2(TestTokens.admin("adam")).when().delete("/api/v1/reports/platform")
                .then().statusCode(405).header("Allow", "GET");
        for (String keys : List.of("/api/v1/reports/jwks.json", "/.well-known/pdf-signer.pem")) {
            given().contentType("application/json").body("{}").when().put(keys)
                    .then().statusCode(405).header("Allow", "GET, HEAD");
            given().when().head(keys).then().statusCode(200);
        }
    }

    // --- query parameters (probe finding 8, in part) ---

    @Test
    void aParameterGivenTwiceIsABadRequestNamingItNotTheFirstValue() {
        String alice = TestTokens.patient("pat-alice");
        for (String[] twice : new String[][]{{"from", "2026-11-01", "from", "2020-01-01"},
                {"to", "2026-11-28", "to", "2026-11-29"}, {"format", "csv", "format", "pdf"},
                // Quarkus REST matches names in any case, so FROM is from given a second time
                {"from", "2026-11-01", "FROM", "2020-01-01"}}) {
            given().auth().oauth2(alice).queryParam(twice[0], twice[1]).queryParam(twice[2], twice[3])
                    .when().get("/api/v1/reports/patients/pat-alice")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(twice[0]))
                    .body("errors[0].message", containsString("given more than once"));
        }
        // the framework's case-insensitive names, not fought: FROM alone is from (quarkusio/quarkus#31060)
        given().auth().oauth2(alice).queryParam("FROM", "2026-11-28").queryParam("to", "2026-11-28")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200).body("period.from", equalTo("2026-11-28T00:00:00Z"));
        // the OpenAPI document still shows one string per parameter
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/reports/patients/{patientId}'.get.parameters.find { it.name == 'from' }"
                        + ".schema.type", equalTo("string"))
                .body("paths.'/api/v1/reports/platform'.get.parameters.find { it.name == 'format' }.schema.enum",
                        org.hamcrest.Matchers.contains("json", "csv", "pdf"));
    }

    /** The certificate of the CMS signer info in the PDF's signature, read without the verifier's code. */
    static byte[] cmsSignerCertificate(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDSignature signature = document.getLastSignatureDictionary();
            CMSSignedData cms = new CMSSignedData(signature.getContents(pdf));
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            assertThat(matches).hasSize(1);
            return matches.iterator().next().getEncoded();
        }
    }
}
