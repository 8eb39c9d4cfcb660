package dev.candor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.report.client.ConsentClient;
import dev.candor.report.client.LedgerClient;
import dev.candor.report.client.OversightClient;
import dev.candor.report.pdf.PdfReports;
import dev.candor.report.persistence.IssuedReports;
import dev.candor.testsupport.TestTokens;
import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.pdf.ExpectedSigner;
import dev.candor.verifier.pdf.PdfSignatureVerifier;
import dev.candor.verifier.pdf.PdfVerification;
import dev.candor.verifier.report.ReportVerifier;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.candor.report.FakeLedger.decision;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Signed reports, read like the API's documentation. The upstreams are stubbed with a {@link FakeLedger} that does
 * the ledger's real cryptography, so every report here is verified offline exactly as a regulator would verify it.
 * The end-to-end tests in local-stack run the real services.
 */
@QuarkusTest
class SignedReportTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONSENT = "7f1c1d1e-0000-4000-8000-000000000001";

    @InjectMock
    @RestClient
    ConsentClient consent;

    @InjectMock
    @RestClient
    LedgerClient ledger;

    @InjectMock
    @RestClient
    OversightClient oversight;

    @Inject
    IssuedReports issued;

    @Inject
    PdfReports pdfReports;

    FakeLedger fake;

    @BeforeEach
    void theMainStory() throws Exception {
        fake = new FakeLedger();
        // Alice's claims to her insurer, covered by her consent version 1
        for (String day : List.of("2026-01-05", "2026-02-02", "2026-03-02")) {
            fake.add(day + "T10:00:00Z", "ins-acme", "Acme Health Insurance", "INSURER", "HPAYMT",
                    List.of("BILLING_CODES", "SESSION_DATES"), List.of("pat-alice", "prov-tom"), List.of(),
                    decision("pat-alice", "PERMIT", "CONSENT", CONSENT, 1));
        }
        // the analytics job's dataset for rate negotiation: Alice (a member) was not asked
        fake.add("2026-03-15T10:00:00Z", "ins-acme", "Acme Health Insurance", "INSURER", "RATE_NEGOTIATION",
                List.of("SESSION_FREQUENCY"), List.of("pat-alice", "pat-bob", "prov-tom"), List.of("UNAUTHORIZED"),
                decision("pat-alice", "DENY", "NONE", CONSENT, 1), decision("prov-tom", "DENY", "NONE", null, null));
        fake.add("2026-03-20T10:00:00Z", "prov-er", "City ER", "PROVIDER", "ETREAT",
                List.of("DIAGNOSIS"), List.of("pat-bob"), List.of("BREAK_GLASS"),
                decision("pat-bob", "PERMIT", "HIPAA_TPO", null, null));
        fake.sign();
        // recorded after the checkpoint: not in any report citing it
        fake.add("2026-03-21T10:00:00Z", "ins-acme", "Acme Health Insurance", "INSURER", "HPAYMT",
                List.of("BILLING_CODES"), List.of("pat-alice"), List.of(),
                decision("pat-alice", "PERMIT", "CONSENT", CONSENT, 1));

        fake.serve(ledger);
        when(consent.directivesOf(anyString())).thenReturn(JSON.readTree("[]"));
        when(oversight.record(anyString(), any())).thenReturn(JSON.readTree("{\"id\": \"oversight-1\"}"));
        when(consent.directivesOf("pat-alice")).thenReturn(JSON.readTree(
                "[{\"id\": \"" + CONSENT + "\", \"version\": 2, \"kind\": \"GENERAL\"}]"));
        when(consent.versions(CONSENT)).thenReturn(JSON.readTree("""
                [{"version": 1, "status": "ACTIVE", "recordedAt": "2025-12-01T00:00:00Z", "provisions": []},
                 {"version": 2, "status": "REVOKED", "recordedAt": "2026-04-01T00:00:00Z", "provisions": []}]"""));
    }

    byte[] jwks() {
        return given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().asByteArray();
    }

    ReportVerifier.Verdict verifyReport(byte[] report) throws Exception {
        return ReportVerifier.verify(report, JwkSet.parse(jwks()), List.of(fake.signer.verifier()), null);
    }

    @Test
    void aPatientsSignedReportVerifiesOfflineFromEveryEntryToTheCheckpoint() throws Exception {
        int before = issued.countFor("pat-alice");

        byte[] body = given().auth().oauth2(TestTokens.patient("pat-alice"))
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200).contentType("application/json")
                .body("format", equalTo("candor-report/2"))
                .body("subject.id", equalTo("pat-alice"))
                .body("log.treeSize", equalTo(5))
                .body("entryCount", equalTo(4)) // the entry after the checkpoint is cut
                .body("entries.leafIndex", org.hamcrest.Matchers.contains(0, 1, 2, 3))
                .extract().asByteArray();

        ReportVerifier.Verdict verdict = verifyReport(body);
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.passed()).anyMatch(l -> l.startsWith("inclusion: 4 of 4 entries proven in tree size 5"));
        assertThat(issued.countFor("pat-alice")).isEqualTo(before + 1);
    }

    @Test
    void aReportShowsItsSubjectsOwnPartOfADatasetAndNoOneElseInIt() throws Exception {
        // the ledger gives the report every part it lets the caller see; a report about Alice shows Alice's only
        for (String token : List.of(TestTokens.patient("pat-alice"), TestTokens.regulator("rita"))) {
            byte[] body = given().auth().oauth2(token)
                    .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                    .when().get("/api/v1/reports/patients/pat-alice")
                    .then().statusCode(200)
                    .body("entries.find { it.leafIndex == 3 }.parts.part.subject",
                            org.hamcrest.Matchers.contains("PATIENT:pat-alice"))
                    .body("entries.find { it.leafIndex == 3 }.aggregate", equalTo(true))
                    .extract().asByteArray();
            assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("pat-bob");
            assertThat(verifyReport(body).failures()).isEmpty();
        }
    }

    @Test
    void aPatientReadsWhatWasSharedInPlainLanguageWithRepeatedDisclosuresSummarised() throws Exception {
        JsonNode report = JSON.readTree(given().auth().oauth2(TestTokens.patient("pat-alice"))
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .get("/api/v1/reports/patients/pat-alice").then().statusCode(200).extract().asByteArray());

        JsonNode rateNegotiation = report.get("entries").get(3);
        assertThat(rateNegotiation.get("sentence").asText()).isEqualTo("On 2026-03-15, your session frequency was"
                + " shared with Acme Health Insurance (insurer) for rate negotiation, in a dataset about 1200 records"
                + " without your consent: nothing you agreed to covered it, and it is flagged as unauthorized.");
        assertThat(rateNegotiation.get("aggregate").asBoolean()).isTrue();
        assertThat(report.get("entries").get(0).get("sentence").asText()).endsWith("Your consent (version 1) covered it.");

        JsonNode claims = report.get("groups").get(0);
        assertThat(claims.get("purpose").asText()).isEqualTo("HPAYMT");
        assertThat(claims.get("count").asInt()).isEqualTo(3);
        assertThat(claims.get("first").asLong()).isZero();
        assertThat(claims.get("lastOccurredAt").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(claims.get("summary").asText()).startsWith("3 disclosures to Acme Health Insurance for payment of"
                + " claims between 2026-01-05 and 2026-03-02");

        assertThat(report.at("/highlights/unauthorized").toString()).isEqualTo("[3]");
        assertThat(report.at("/highlights/tpo").toString()).isEqualTo("[0,1,2]");
        assertThat(report.at("/highlights/aggregate").toString()).isEqualTo("[3]");

        JsonNode version1 = report.at("/consentHistory/0/versions/0");
        assertThat(version1.get("covered").toString()).isEqualTo("[0,1,2]");
        assertThat(version1.get("failedToCover").toString()).isEqualTo("[3]");
        assertThat(report.at("/consentHistory/0/versions/1/status").asText()).isEqualTo("REVOKED");
        assertThat(report.get("summary").toString()).contains("flagged as unauthorized")
                .contains("HIPAA's accounting of disclosures leaves these out");
    }

    @Test
    void aPatientsReportAsAPdfIsSignedAndSaysTheSameInPlainLanguage() throws Exception {
        byte[] pdf = given().auth().oauth2(TestTokens.patient("pat-alice")).header("Accept", "application/pdf")
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .get("/api/v1/reports/patients/pat-alice").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();

        PdfVerification verdict = PdfSignatureVerifier.verify(pdf,
                ExpectedSigner.fromPem(pdfReports.signerCertificatePem()));
        assertThat(verdict.verified()).as("%s", verdict.checks()).isTrue();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("Who received your mental-health data").contains("Acme Health Insurance")
                    .contains("flagged as unauthorized").contains("Repeated disclosures");
        }
        given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("format", "docx")
                .get("/api/v1/reports/patients/pat-alice").then().statusCode(400)
                .body("detail", containsString("format"));
    }

    @Test
    void anotherPatientsReportIsExactlyLikeAnUnknownOneAndNoUpstreamIsAsked() {
        String refused = given().auth().oauth2(TestTokens.patient("pat-bob"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(404).contentType("application/problem+json")
                .extract().path("detail");
        String unknown = given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/reports/patients/pat-alice-x")
                .then().statusCode(404).contentType("application/problem+json")
                .extract().path("detail");

        assertThat(refused).isEqualTo("subject pat-alice not found");
        assertThat(unknown).isEqualTo("subject pat-alice-x not found");
        verify(consent, never()).directivesOf(eq("pat-alice"));
    }

    @Test
    void aDelegatesClaimWithoutADelegationForDisclosuresIsLikeAStrangers() {
        // Both tokens name pat-alice in delegate_for; only Dana's delegation (DelegationRecordsStub) covers disclosures.
        given().auth().oauth2(TestTokens.delegate("dana", "pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice").then().statusCode(200);
        given().auth().oauth2(TestTokens.delegate("dina", "pat-alice"))
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("subject pat-alice not found"));
    }

    @Test
    void aRegulatorsPullIsRecordedInTheLedgerAsADisclosureForOversightBeforeTheReportIsHandedOver() {
        given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200)
                .body("oversightRecord", equalTo("oversight-1"));

        org.mockito.ArgumentCaptor<JsonNode> recorded = org.mockito.ArgumentCaptor.forClass(JsonNode.class);
        verify(oversight).record(org.mockito.ArgumentMatchers.startsWith("report-"), recorded.capture());
        JsonNode disclosure = recorded.getValue();
        assertThat(disclosure.get("purpose").asText()).isEqualTo("OVERSIGHT");
        assertThat(disclosure.at("/recipient/id").asText()).isEqualTo("regulator:rita");
        assertThat(disclosure.at("/recipient/type").asText()).isEqualTo("GOVERNMENT");
        assertThat(disclosure.at("/subjects/0/id").asText()).isEqualTo("pat-alice");
        assertThat(disclosure.get("categories").toString()).contains("BILLING_CODES", "SESSION_FREQUENCY");
    }

    @Test
    void aPullThatCannotBeRecordedIsNotHandedOver() {
        when(oversight.record(anyString(), any())).thenThrow(new ProcessingException("ledger down"));

        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/reports/providers/prov-tom")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("not handed over"));
    }

    @Test
    void aPatientsOwnReportIsNotADisclosure() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200);
        verify(oversight, never()).record(anyString(), any());
    }

    @Test
    void aRegulatorAskingAboutASubjectWithNoHistoryGetsA404() {
        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/reports/patients/pat-nobody")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("subject pat-nobody not found"));
    }

    @Test
    void aReportAboutAProviderNeverListsAPatientsHistoryNorTheOtherWayRound() {
        // Alice is a patient and Tom a provider: asked under the other kind, each is a subject with no history — the
        // ledger is asked by type as well as id, so a regulator's pull is recorded about the subject it really shows.
        String rita = TestTokens.regulator("rita");
        given().auth().oauth2(rita).when().get("/api/v1/reports/providers/pat-alice")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(rita).when().get("/api/v1/reports/patients/prov-tom")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(rita).queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/providers/prov-tom")
                .then().statusCode(200).body("subject.type", equalTo("PROVIDER"));
        verify(ledger, org.mockito.Mockito.atLeastOnce()).disclosures(eq("PROVIDER"), eq("pat-alice"), any(),
                anyString(), anyString(), anyLong(), anyLong(), anyInt());
    }

    @Test
    void periodsLongerThanSixYearsReversedOrUnreadableAreBadRequests() {
        String alice = TestTokens.patient("pat-alice");
        given().auth().oauth2(alice).queryParam("from", "2019-01-01").queryParam("to", "2026-01-01")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"))
                .body("errors[0].message", containsString("at most 6 years"));
        given().auth().oauth2(alice).queryParam("from", "2026-05-01").queryParam("to", "2026-01-01")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().auth().oauth2(alice).queryParam("from", "last tuesday")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
        // Instants the ledger would refuse are refused here, naming the parameter (was a 502 from the ledger's 400).
        given().auth().oauth2(alice).queryParam("from", "0000-06-01T00:00:00Z").queryParam("to", "0003-01-01")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(400).body("errors[0].field", equalTo("from"))
                .body("errors[0].message", containsString("out of range"));
        // An end in the first six years: the default start is year 1, not before it.
        given().auth().oauth2(alice).queryParam("to", "0006-12-31")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200);
    }

    @Test
    void anUnknownFormatIsABadRequest() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("format", "xml")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"));
        given().auth().oauth2(TestTokens.patient("pat-alice")).header("Accept", "image/png")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(406).contentType("application/problem+json");
    }

    @Test
    void csvComesWithAcceptOrFormatOneLinePerEntry() {
        String csv = given().auth().oauth2(TestTokens.regulator("rita")).accept("text/csv")
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();

        List<String> lines = csv.lines().toList();
        assertThat(lines.get(1)).startsWith("record,leaf_index,id,occurred_at,recipient_id");
        assertThat(lines).hasSize(2 + 4);
        assertThat(lines.get(5)).contains(",RATE_NEGOTIATION,SESSION_FREQUENCY,UNAUTHORIZED,DENY,NONE,");

        given().auth().oauth2(TestTokens.patient("pat-alice")).queryParam("format", "csv")
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(200).contentType(containsString("text/csv"));
    }

    @Test
    void aTherapistsReportGroupsByRecipientPurposeAndMonth() throws Exception {
        byte[] body = given().auth().oauth2(TestTokens.therapist("prov-tom", "prac-harbor"))
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/providers/prov-tom")
                .then().statusCode(200)
                .body("kind", equalTo("PROVIDER"))
                .body("entryCount", equalTo(4))
                .body("groups", hasSize(4))
                .body("groups[0].month", equalTo("2026-01"))
                .body("groups[3].purpose", equalTo("RATE_NEGOTIATION"))
                .extract().asByteArray();
        assertThat(verifyReport(body).failures()).isEmpty();

        given().auth().oauth2(TestTokens.therapist("prov-tess", "prac-northside"))
                .get("/api/v1/reports/providers/prov-tom")
                .then().statusCode(404).body("detail", equalTo("subject prov-tom not found"));
    }

    @Test
    void aRegulatorsPlatformReportCountsInTheLedgerAndListsEveryFlaggedEntryWithItsProof() throws Exception {
        when(ledger.stats(anyString(), anyString(), eq(5L))).thenReturn(JSON.readTree("""
                {"entries": 5, "unauthorized": 1, "undecided": 0, "breakGlass": 1,
                 "byRecipient": [{"key": "ins-acme", "type": "INSURER", "count": 4}],
                 "byRecipientType": [{"key": "INSURER", "count": 4}], "byPurpose": [{"key": "HPAYMT", "count": 3}],
                 "byCategory": [{"key": "BILLING_CODES", "count": 3}], "byLegalBasis": [{"key": "CONSENT", "count": 3}]}
                """));

        byte[] body = given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-04-01")
                .when().get("/api/v1/reports/platform")
                .then().statusCode(200)
                .body("kind", equalTo("PLATFORM"))
                .body("counts.entries", equalTo(5))
                .body("counts.byRecipient[0].key", equalTo("ins-acme"))
                .body("entries.leafIndex", org.hamcrest.Matchers.contains(3, 4))
                .extract().asByteArray();
        assertThat(verifyReport(body).failures()).isEmpty();

        String csv = given().auth().oauth2(TestTokens.regulator("rita")).queryParam("format", "csv")
                .queryParam("from", "2026-01-01").queryParam("to", "2026-04-01")
                .get("/api/v1/reports/platform").then().statusCode(200).extract().asString();
        assertThat(csv).contains("count,byRecipient,ins-acme,INSURER,4").contains("count,total,unauthorized,,1");
    }

    @Test
    void onlyRegulatorsGetThePlatformReport() {
        given().auth().oauth2(TestTokens.patient("pat-alice")).get("/api/v1/reports/platform")
                .then().statusCode(403).contentType("application/problem+json");
        verify(ledger, never()).stats(any(), any(), anyLong());
    }

    @Test
    void theJwksPublishesTheCurrentKeyAndTheRetiredOne() throws Exception {
        JwkSet keys = JwkSet.parse(jwks());

        assertThat(keys.keys()).hasSize(2);
        assertThat(keys.byKid(dev.candor.verifier.jws.Jwk.thumbprint(java.util.Base64.getUrlDecoder()
                .decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")))).isPresent();
        given().get("/.well-known/jwks.json").then().body("keys[0].kty", equalTo("OKP"))
                .body("keys[0].crv", equalTo("Ed25519")).body("keys[0].alg", equalTo("EdDSA"));
        // The same keys under the API path, which is the one the gateway publishes.
        assertThat(given().get("/api/v1/reports/jwks.json").then().statusCode(200).extract().asByteArray())
                .isEqualTo(jwks());
    }

    @Test
    void anUnreachableLedgerIsA503Problem() {
        // the asynchronous client reports a refused connection through the page it returns
        doReturn(CompletableFuture.failedFuture(new ProcessingException("connection refused"))).when(ledger)
                .disclosures(any(), any(), any(), anyString(), anyString(), anyLong(), anyLong(), anyInt());
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("disclosure-ledger is unreachable"));
    }

    @Test
    void aMalformedSubjectIdIsABadRequest() {
        given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/reports/patients/{id}", "pat alice;drop")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("patientId"));
    }

    /** Adds {@code n} claims about {@code patient}, every third one flagged as given, and signs a checkpoint. */
    void aLongHistory(String patient, int n, List<String> flags) {
        for (int i = 0; i < n; i++) {
            fake.add(String.format("2026-%02d-%02dT10:00:00Z", 1 + i % 12, 1 + i % 28), "ins-" + (i % 9),
                    "Insurer " + (i % 9), "INSURER", i % 2 == 0 ? "HPAYMT" : "RATE_NEGOTIATION",
                    List.of("BILLING_CODES"), List.of(patient), i % 3 == 0 ? flags : List.of(),
                    decision(patient, i % 3 == 0 ? "DENY" : "PERMIT", "HIPAA_TPO", null, null));
        }
        fake.sign();
    }

    static java.util.List<java.nio.file.Path> spoolFiles() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target/report-spool");
        if (!java.nio.file.Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void aLongHistoryIsStreamedPageByPageAndStillVerifiesAsOneCanonicalSignedReport() throws Exception {
        aLongHistory("pat-long", 2_500, List.of("UNAUTHORIZED")); // three pages of the ledger's list

        byte[] body = given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/patients/pat-long")
                .then().statusCode(200).contentType("application/json")
                .body("entryCount", equalTo(2_500))
                .body("complete", equalTo(true))
                .body("entries", hasSize(2_500))
                .body("highlights.unauthorized", hasSize(834))
                .extract().asByteArray();

        ReportVerifier.Verdict verdict = verifyReport(body);
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.passed()).anyMatch(l -> l.startsWith("inclusion: 2500 of 2500 entries proven"))
                .anyMatch(l -> l.endsWith("over the SHA-256 of the canonical report"));
        // the body is the canonical JSON of the signed report, as a small one is
        assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                dev.candor.verifier.json.CanonicalJson.canonicalString(JSON.readTree(body)));
        JsonNode report = JSON.readTree(body);
        long previous = -1;
        for (JsonNode entry : report.get("entries")) {
            assertThat(entry.get("leafIndex").asLong()).isGreaterThan(previous);
            previous = entry.get("leafIndex").asLong();
        }
        org.mockito.ArgumentCaptor<JsonNode> recorded = org.mockito.ArgumentCaptor.forClass(JsonNode.class);
        verify(oversight).record(anyString(), recorded.capture());
        assertThat(recorded.getValue().get("recordCount").asLong()).isEqualTo(2_500);
        assertThat(spoolFiles()).as("the spool file is deleted once the report is sent").isEmpty();
    }

    @Test
    void aLongHistoryAsCsvHasOneLinePerEntryAndAsPdfListsTheFirstRowsAndCountsTheRest() throws Exception {
        aLongHistory("pat-long", 1_200, List.of());

        String csv = given().auth().oauth2(TestTokens.regulator("rita")).queryParam("format", "csv")
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .get("/api/v1/reports/patients/pat-long").then().statusCode(200).extract().asString();
        assertThat(csv.lines().filter(l -> l.startsWith("entry,")).count()).isEqualTo(1_200);

        byte[] pdf = given().auth().oauth2(TestTokens.regulator("rita")).queryParam("format", "pdf")
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .get("/api/v1/reports/patients/pat-long").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        assertThat(PdfSignatureVerifier.verify(pdf, ExpectedSigner.fromPem(pdfReports.signerCertificatePem()))
                .verified()).isTrue();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            // the test profile lists at most 100 rows (candor.report.pdf-max-rows)
            assertThat(text).contains("The first 100 of 1200 disclosures")
                    .contains("This PDF lists the first 100 of the 1200 disclosures one by one")
                    .contains("Repeated disclosures (45 CFR 164.528(b)(3))");
        }
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aPlatformReportListsEveryFlaggedEntryOnceInLeafOrderAcrossPagesOfEachFlag() throws Exception {
        // entries flagged both UNAUTHORIZED and BREAK_GLASS come back in both flags' lists
        aLongHistory("pat-long", 3_300, List.of("UNAUTHORIZED", "BREAK_GLASS"));
        when(ledger.stats(anyString(), anyString(), anyLong())).thenReturn(JSON.readTree("""
                {"entries": 3306, "unauthorized": 1101, "undecided": 0, "breakGlass": 1102, "byRecipient": [],
                 "byRecipientType": [], "byPurpose": [], "byCategory": [], "byLegalBasis": []}"""));

        byte[] body = given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2026-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/platform")
                .then().statusCode(200)
                .body("entryCount", equalTo(1_102)) // 1,100 of the history, the main story's two
                .extract().asByteArray();
        assertThat(verifyReport(body).failures()).isEmpty();
        JsonNode entries = JSON.readTree(body).get("entries");
        assertThat(entries.get(0).get("leafIndex").asLong()).isEqualTo(3);
        assertThat(entries.get(1).get("leafIndex").asLong()).isEqualTo(4);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).get("leafIndex").asLong()).isGreaterThan(entries.get(i - 1).get("leafIndex")
                    .asLong());
        }
    }

    @Test
    void aLedgerFailingHalfWayIsAProblemNotATruncatedReportAndLeavesNoSpoolFile() throws Exception {
        aLongHistory("pat-long", 1_500, List.of());
        org.mockito.Mockito.doAnswer(inv -> {
            if ((long) inv.getArgument(6) >= 0) { // the second page
                return CompletableFuture.failedFuture(new ProcessingException("connection reset"));
            }
            return fake.pageBytes(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2), inv.getArgument(5),
                    inv.getArgument(6), inv.getArgument(7));
        }).when(ledger).disclosures(any(), any(), any(), anyString(), anyString(), anyLong(), anyLong(), anyInt());

        given().auth().oauth2(TestTokens.regulator("rita"))
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/patients/pat-long")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", equalTo("disclosure-ledger is unreachable"));
        assertThat(spoolFiles()).isEmpty();
        verify(oversight, never()).record(anyString(), any());
    }

    @Test
    void aPageWhoseNextComesAfterItsItemsIsStillReadWhole() throws Exception {
        aLongHistory("pat-long", 2_100, List.of());
        doAnswer(inv -> fake.pageBytesNextLast(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2),
                inv.getArgument(5), inv.getArgument(6), inv.getArgument(7))).when(ledger)
                .disclosures(any(), any(), any(), anyString(), anyString(), anyLong(), anyLong(), anyInt());

        byte[] body = given().auth().oauth2(TestTokens.patient("pat-long"))
                .queryParam("from", "2025-01-01").queryParam("to", "2026-12-31")
                .when().get("/api/v1/reports/patients/pat-long")
                .then().statusCode(200).body("entryCount", equalTo(2_100)).extract().asByteArray();
        assertThat(verifyReport(body).failures()).isEmpty();
    }

    @Test
    void aMalformedPageFromTheLedgerIsABadGatewayProblem() {
        doReturn(CompletableFuture.completedFuture(
                "{\"next\": null, \"items\": 3}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).when(ledger)
                .disclosures(any(), any(), any(), anyString(), anyString(), anyLong(), anyLong(), anyInt());
        given().auth().oauth2(TestTokens.patient("pat-alice"))
                .get("/api/v1/reports/patients/pat-alice")
                .then().statusCode(502).contentType("application/problem+json")
                .body("detail", equalTo("the ledger's page of disclosures is malformed"));
    }
}
