package dev.candor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.verifier.cli.Main;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The main story of DESIGN.md producing real signed reports — Alice's, Tom's and regulator Rita's platform-wide
 * one — each verified offline by the verifier CLI, as a regulator would: the report keys from the report-service's
 * JWKS, the log key from the ledger, a checkpoint saved earlier. Reports go through the gateway; the JWKS is read
 * where a verifier would fetch it without a token, on report-service's own port.
 */
class ReportsIT {

    static E2eStack e2e;
    static ApiClient gateway;
    static ApiClient reportService;
    static Path dir;
    static Path jwks;
    static Path logKeys;

    @BeforeAll
    static void theMainStoryHappens() throws Exception {
        e2e = E2eStack.get();
        gateway = e2e.gateway;
        reportService = e2e.direct(e2e.settings.reportPort());
        dir = Files.createDirectories(Path.of("target", "reports-it"));
        // 2. a claim to Alice's insurer, covered by her consent; 3. the utilization dataset for rate negotiation
        gateway.post("/api/v1/disclosures", e2e.client("carebridge-billing"), DemoData.claim(Instant.now()))
                .expect(201);
        // 4. integrated and covered by a signed checkpoint before anyone asks for a report
        JsonNode dataset = gateway.post("/api/v1/disclosures?wait=true", e2e.client("carebridge-analytics"),
                DemoData.utilizationDataset(Instant.now())).expect(201).json();
        assertThat(dataset.path("integrated").asBoolean()).isTrue();
        jwks = Files.writeString(dir.resolve("jwks.json"), reportService.get("/.well-known/jwks.json", null)
                .expect(200).body());
        logKeys = Files.writeString(dir.resolve("log-keys.txt"), gateway.get("/api/v1/log/keys", e2e.user("rita"))
                .expect(200).body());
    }

    /** Runs the verifier CLI as a regulator would; returns its exit code and output. */
    static Verdict verify(Path report, String... more) {
        String[] base = {"verify", report.toString(), "--jwks", jwks.toString(), "--log-key-file", logKeys.toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(args);
    }

    static Verdict run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(args, print, print);
        return new Verdict(code, out.toString(StandardCharsets.UTF_8));
    }

    record Verdict(int code, String output) {
    }

    static String thisYear() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "from=" + today.minusYears(1) + "&to=" + today;
    }

    @Test
    void aliceDownloadsHerSignedReportAndAnyoneCanVerifyIt() throws Exception {
        String body = gateway.get("/api/v1/reports/patients/pat-alice", e2e.user("alice")).expect(200).body();
        Path report = Files.writeString(dir.resolve("alice.json"), body);

        Verdict verdict = verify(report);
        assertThat(verdict.code()).as(verdict.output()).isZero();
        assertThat(verdict.output()).contains("VERIFIED: ");

        JsonNode json = ApiClient.JSON.readTree(body);
        JsonNode rateNegotiation = null;
        for (JsonNode e : json.path("entries")) {
            if ("RATE_NEGOTIATION".equals(e.path("purpose").asText())) {
                rateNegotiation = e;
            }
        }
        assertThat(rateNegotiation).as("the utilization dataset is in Alice's report").isNotNull();
        assertThat(rateNegotiation.path("flags").toString()).contains("UNAUTHORIZED");
        // (the demo's dataset names its subjects rather than a cohort, so report-service does not mark it aggregate)
        assertThat(rateNegotiation.path("sentence").asText()).contains("without your consent");
        assertThat(json.path("highlights").path("tpo").size()).isGreaterThanOrEqualTo(1);
        assertThat(json.path("consentHistory").size()).isGreaterThanOrEqualTo(1);
        // Rita pulled Alice's report when the demo data was loaded: that pull is a disclosure about Alice too
        assertThat(json.path("entries").toString()).contains("\"purpose\":\"OVERSIGHT\"")
                .contains("regulator:rita");
        assertThat(json.path("consentHistory").get(0).path("versions").get(0).path("covered").size())
                .as("Alice's consent covered her claims").isGreaterThanOrEqualTo(1);
    }

    @Test
    void aTamperedReportFailsWithANonZeroExitNamingWhatFailed() throws Exception {
        String body = gateway.get("/api/v1/reports/patients/pat-alice", e2e.user("alice")).expect(200).body();
        // one entry's committed content changed: the description of the rate-negotiation dataset
        Path tampered = Files.writeString(dir.resolve("alice-tampered.json"),
                body.replaceFirst("Utilization by provider", "Utilization by providers"));

        Verdict verdict = verify(tampered);
        assertThat(verdict.code()).isEqualTo(1);
        assertThat(verdict.output()).contains("FAILED: signature: the signature does not match the payload")
                .contains("content does not match the leaf's commitment");
    }

    @Test
    void tomReadsWhatWasDisclosedAboutHisPracticeByRecipientPurposeAndMonth() throws Exception {
        String body = gateway.get("/api/v1/reports/providers/prov-tom?" + thisYear(), e2e.user("tom"))
                .expect(200).body();
        Path report = Files.writeString(dir.resolve("tom.json"), body);

        Verdict verdict = verify(report);
        assertThat(verdict.code()).as(verdict.output()).isZero();
        JsonNode json = ApiClient.JSON.readTree(body);
        assertThat(json.path("groups").toString()).contains("\"purpose\":\"RATE_NEGOTIATION\"")
                .contains("\"month\":\"" + LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7) + "\"");
        // another therapist learns nothing, not even that Tom's report exists
        gateway.get("/api/v1/reports/providers/prov-tom", e2e.user("tess")).expect(404);
    }

    @Test
    void ritaPullsASignedPlatformReportAndVerifiesItAgainstACheckpointSavedEarlier() throws Exception {
        String rita = e2e.user("rita");
        String saved = gateway.get("/api/v1/log/checkpoint", rita).expect(200).body();
        Path savedFile = Files.writeString(dir.resolve("saved-checkpoint.txt"), saved);
        long savedSize = Long.parseLong(saved.lines().skip(1).findFirst().orElseThrow());
        gateway.post("/api/v1/disclosures?wait=true", e2e.client("carebridge-billing"),
                DemoData.claim(Instant.now())).expect(201);

        String body = gateway.get("/api/v1/reports/platform?" + thisYear(), rita).expect(200).body();
        Path report = Files.writeString(dir.resolve("platform.json"), body);
        JsonNode json = ApiClient.JSON.readTree(body);
        assertThat(json.path("counts").path("unauthorized").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(json.path("counts").path("byPurpose").toString()).contains("RATE_NEGOTIATION", "HPAYMT");
        assertThat(json.path("entryCount").asLong()).isEqualTo(json.path("entries").size()).isGreaterThanOrEqualTo(1);

        long size = json.path("log").path("treeSize").asLong();
        assertThat(size).isGreaterThan(savedSize);
        JsonNode proof = gateway.get("/api/v1/log/proofs/consistency?from=" + savedSize + "&to=" + size, rita)
                .expect(200).json();
        StringBuilder hashes = new StringBuilder();
        proof.path("hashes").forEach(h -> hashes.append(h.asText()).append('\n'));
        Path proofFile = Files.writeString(dir.resolve("consistency.txt"), hashes);

        Verdict verdict = verify(report, "--checkpoint", savedFile.toString(), "--consistency-proof",
                proofFile.toString());
        assertThat(verdict.code()).as(verdict.output()).isZero();
        assertThat(verdict.output()).contains("consistency: the report's tree (size " + size + ") and the saved one");

        String csv = gateway.get("/api/v1/reports/platform?format=csv&" + thisYear(), rita).expect(200).body();
        assertThat(csv).contains("count,byPurpose,RATE_NEGOTIATION,");
    }

    @Test
    void ritaPullingBobsReportIsRecordedAsADisclosureForOversight() throws Exception {
        String body = gateway.get("/api/v1/reports/patients/pat-bob", e2e.user("rita")).expect(200).body();
        String recordId = ApiClient.JSON.readTree(body).path("oversightRecord").asText();
        assertThat(recordId).isNotBlank();
        JsonNode recorded = gateway.get("/api/v1/disclosures/" + recordId, e2e.user("bob")).expect(200).json();
        assertThat(recorded.path("discloserOrg").asText()).isEqualTo("candor-platform");
        assertThat(recorded.path("content").path("disclosure").path("purpose").asText()).isEqualTo("OVERSIGHT");
        assertThat(recorded.path("content").path("disclosure").path("recipient").path("type").asText())
                .isEqualTo("GOVERNMENT");
    }

    @Test
    void badPeriodsAndFormatsAreProblemsAndOthersReportsAreNotFound() {
        String alice = e2e.user("alice");
        ApiClient.Answer tooLong = gateway.get("/api/v1/reports/patients/pat-alice?from=2010-01-01&to=2026-01-01",
                alice);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.contentType()).startsWith("application/problem+json");
        assertThat(gateway.get("/api/v1/reports/patients/pat-alice?format=xml", alice).status()).isEqualTo(400);
        assertThat(gateway.get("/api/v1/reports/patients/pat-nobody", e2e.user("rita")).status()).isEqualTo(404);
    }

    @Test
    void aliceDownloadsHerReportAsASignedPdfThroughTheGatewayAndTheVerifierChecksIt() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(e2e.settings.gatewayUrl() + "/api/v1/reports/patients/pat-alice?format=pdf"))
                .header("Authorization", "Bearer " + e2e.user("alice")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        Path pdf = Files.write(dir.resolve("alice.pdf"), response.body());

        try (PDDocument document = Loader.loadPDF(response.body())) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            assertThat(text).contains("Who received your mental-health data").contains("About: patient pat-alice")
                    .contains("Disclosures per month, by recipient")
                    .contains("rate negotiation").contains("without your consent").contains("flagged as unauthorized")
                    .contains("Acme Health Insurance");
            // page 1 as a person sees it (target/reports-it/alice-page-1.png)
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 100, ImageType.RGB);
            assertThat(ImageIO.write(page, "png", dir.resolve("alice-page-1.png").toFile())).isTrue();
            assertThat(page.getWidth()).isBetween(820, 830); // A4 at 100 dpi
        }

        // the verifier CLI as anyone would run it, with the signer's certificate report-service publishes
        Path signer = Files.writeString(dir.resolve("pdf-signer.pem"),
                gateway.get("/api/v1/reports/pdf-signer.pem", e2e.user("alice")).expect(200).body());
        Verdict verdict = run("verify-pdf", pdf.toString(), "--cert", signer.toString());
        assertThat(verdict.code()).as(verdict.output()).isZero();
        assertThat(verdict.output()).contains("VERIFIED: ");
        // without it, integrity is checked but not who signed: never a VERIFIED a script could take for one
        Verdict unchecked = run("verify-pdf", pdf.toString());
        assertThat(unchecked.code()).as(unchecked.output()).isEqualTo(3);
        assertThat(unchecked.output()).contains("INTACT (signer not checked)").doesNotContain("VERIFIED");

        // one byte changed in the signed part: the same check fails, naming what failed
        byte[] tampered = response.body().clone();
        tampered[tampered.length / 3] ^= 1; // inside a page's content, far from the signature value at the end
        Path bad = Files.write(dir.resolve("alice-tampered.pdf"), tampered);
        Verdict failed = run("verify-pdf", bad.toString(), "--cert", signer.toString());
        assertThat(failed.code()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("FAILED: ");
    }
}
