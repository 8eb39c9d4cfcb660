package dev.candor.report.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.report.config.ReportConfig;
import dev.candor.report.domain.PlatformReportBuilder;
import dev.candor.report.domain.ReportPeriod;
import dev.candor.report.domain.ReportSigner;
import dev.candor.report.domain.ReportSlots;
import dev.candor.report.domain.SpooledReport;
import dev.candor.report.domain.SubjectReportBuilder;
import dev.candor.report.pdf.PdfReportContent;
import dev.candor.report.pdf.PdfReports;
import dev.candor.report.pdf.ReportPdfLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Transparency reports. JSON (the default) is signed: a detached EdDSA JWS over the canonical report, verifiable
 * offline with the keys at {@code /.well-known/jwks.json} and the ledger's log key ({@code candor-verifier verify}).
 * CSV ({@code ?format=csv} or {@code Accept: text/csv}) is for spreadsheets; PDF ({@code ?format=pdf} or
 * {@code Accept: application/pdf}) for people — the same report laid out and signed (PAdES). Periods: {@code from}/{@code to}, ISO
 * dates or instants, on the disclosure's date; default and maximum six years.
 */
@Path("/api/v1/reports")
@Tag(name = "Reports")
public class ReportResource {

    static final String CSV = "text/csv";
    static final String PDF = "application/pdf";

    /** What a report is rendered as. */
    enum Format {
        JSON("application", "json"), CSV("text", "csv"), PDF("application", "pdf");

        final String type;
        final String subtype;

        Format(String type, String subtype) {
            this.type = type;
            this.subtype = subtype;
        }
    }

    @Inject
    SubjectReportBuilder subjectReports;

    @Inject
    PlatformReportBuilder platformReports;

    @Inject
    ReportSigner signer;

    @Inject
    ReportConfig config;

    @Inject
    PdfReports pdfReports;

    @Inject
    CurrentCaller caller;

    @Inject
    ReportSlots slots;

    @GET
    @Path("/patients/{patientId}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.REGULATOR})
    @Operation(summary = "A patient's report: every disclosure about them (TPO, aggregates, denied, flagged), grouped"
            + " by recipient and purpose, with the consent history; signed JSON, CSV or signed PDF")
    public Response patientReport(
            @PathParam("patientId") @Pattern(regexp = "[A-Za-z0-9._-]{1,128}") String patientId,
            @BeanParam ReportQuery query) {
        Format format = format(query.format(), query.accept);
        return respond(slots.build(() -> subjectReports.build(caller.get(), SubjectReportBuilder.Kind.PATIENT,
                patientId, period(query))), format);
    }

    @GET
    @Path("/providers/{providerId}")
    @RolesAllowed({Caller.THERAPIST, Caller.REGULATOR})
    @Operation(summary = "A provider's report: disclosures about their practice and their patients, by recipient,"
            + " purpose and month; signed JSON, CSV or signed PDF")
    public Response providerReport(
            @PathParam("providerId") @Pattern(regexp = "[A-Za-z0-9._-]{1,128}") String providerId,
            @BeanParam ReportQuery query) {
        Format format = format(query.format(), query.accept);
        return respond(slots.build(() -> subjectReports.build(caller.get(), SubjectReportBuilder.Kind.PROVIDER,
                providerId, period(query))), format);
    }

    @GET
    @Path("/platform")
    @RolesAllowed({Caller.REGULATOR, Caller.ADMIN})
    @Operation(summary = "Platform-wide: counts by recipient, recipient type, purpose, category and legal basis, and"
            + " every UNAUTHORIZED, UNDECIDED and break-glass entry with its proof; signed JSON, CSV or signed PDF")
    public Response platformReport(@BeanParam ReportQuery query) {
        Format format = format(query.format(), query.accept);
        return respond(slots.build(() -> platformReports.build(caller.get(), period(query))), format);
    }

    /*
     * HEAD is refused on reports rather than answered as GET (Quarkus REST's default), which built the report and, for
     * a regulator, recorded an oversight disclosure the subject then saw although nothing was handed over. Hidden
     * from the OpenAPI document: there is no HEAD operation to call. The 405 carries Allow (AllowHeader).
     */

    @HEAD
    @Path("/patients/{patientId}")
    @PermitAll
    @Operation(hidden = true)
    public Response patientReportHead() {
        throw headRefused();
    }

    @HEAD
    @Path("/providers/{providerId}")
    @PermitAll
    @Operation(hidden = true)
    public Response providerReportHead() {
        throw headRefused();
    }

    @HEAD
    @Path("/platform")
    @PermitAll
    @Operation(hidden = true)
    public Response platformReportHead() {
        throw headRefused();
    }

    private static ProblemException headRefused() {
        return new ProblemException(ProblemType.METHOD_NOT_ALLOWED, "a report is only made for GET: HEAD would build"
                + " it (and record a regulator's pull as a disclosure) without handing it over");
    }

    /**
     * The methods a path of report-service answers, for the {@code Allow} header of a 405: a report GET only (HEAD
     * is refused, above); the signing keys and certificate GET and HEAD.
     */
    static String allowed(String path) {
        return path.startsWith("/api/v1/reports/") && !path.equals("/api/v1/reports/jwks.json")
                && !path.equals("/api/v1/reports/pdf-signer.pem") ? "GET" : "GET, HEAD";
    }

    private ReportPeriod period(ReportQuery query) {
        return ReportPeriod.of(query.from(), query.to(), config.maxPeriodYears(), Instant.now());
    }

    /**
     * {@code format} wins over {@code Accept}; anything but json, csv and pdf is a 400 naming the format. Otherwise
     * {@code Accept} decides as RFC 9110 says: media types in any case, each format weighed by the most specific range
     * that matches it ({@code application/pdf} before {@code application/*} before {@code *}{@code /*}), a weight of
     * {@code q=0} meaning "not acceptable"; the highest weight wins, then the more specific range, then JSON, PDF,
     * CSV. No {@code Accept} (or a blank one) is JSON; one that admits none of the three is a 406, as on every other
     * endpoint.
     */
    static Format format(String format, String accept) {
        if (format != null) {
            return switch (format) {
                case "json" -> Format.JSON;
                case "csv" -> Format.CSV;
                case "pdf" -> Format.PDF;
                default -> throw ProblemException.validation("format", "must be json, csv or pdf");
            };
        }
        if (accept == null || accept.isBlank()) {
            return Format.JSON;
        }
        List<MediaRange> ranges = MediaRange.parse(accept);
        Format best = null;
        MediaRange bestRange = null;
        for (Format candidate : List.of(Format.JSON, Format.PDF, Format.CSV)) {
            MediaRange range = MediaRange.mostSpecific(ranges, candidate.type, candidate.subtype);
            if (range != null && range.weight() > 0 && (bestRange == null || range.weight() > bestRange.weight()
                    || (range.weight() == bestRange.weight() && range.specificity() > bestRange.specificity()))) {
                best = candidate;
                bestRange = range;
            }
        }
        if (best == null) {
            throw new ProblemException(ProblemType.NOT_ACCEPTABLE,
                    "a report is application/json, text/csv or application/pdf; Accept admitted none of them");
        }
        return best;
    }

    /**
     * Sends the spooled report (and deletes its spool once sent). JSON and CSV stream from the spool file; the PDF
     * is laid out from it first (PDFBox holds a document in memory: at most {@code pdf-max-rows} rows, see
     * ReportPdfLayout) and the spool deleted before rendering. Every report is someone's full history: never stored by
     * a cache ({@code no-store}, whether or not the gateway adds it too); CSV and PDF are files to save
     * ({@link #attachment}).
     */
    private Response respond(SpooledReport report, Format format) {
        try {
            Response.ResponseBuilder response = switch (format) {
                case CSV -> Response.ok(sendThenClose(report, CsvReports.of(report)), CSV + ";charset=UTF-8")
                        .header(HttpHeaders.CONTENT_DISPOSITION, attachment(report.fields(), "csv"));
                case JSON -> {
                    signer.sign(report);
                    yield Response.ok(sendThenClose(report, report::writeTo), MediaType.APPLICATION_JSON);
                }
                // The PDF shows the report as signed in JSON (same entries, same checkpoint), and is signed itself.
                case PDF -> {
                    String disposition = attachment(report.fields(), "pdf");
                    PdfReportContent content;
                    try (report) {
                        content = ReportPdfLayout.of(report, config.pdfMaxRows());
                    }
                    yield Response.ok((StreamingOutput) out -> pdfReports.render(content, out), PDF)
                            .header(HttpHeaders.CONTENT_DISPOSITION, disposition);
                }
            };
            return response.header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        } catch (IOException | RuntimeException e) {
            report.close();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /**
     * {@code attachment; filename="candor-report-<kind>-<subject>-<date generated>.<ext>"}, e.g.
     * {@code candor-report-patient-pat-alice-2026-11-30.pdf}; the platform report names no subject. Subject ids are
     * {@code [A-Za-z0-9._-]} (the path parameters' pattern); anything else would become {@code _}, so the name never
     * needs quoting or escaping.
     */
    static String attachment(JsonNode report, String extension) {
        String subject = report.path("subject").path("id").asText("");
        String name = "candor-report-" + report.path("kind").asText().toLowerCase(Locale.ROOT)
                + (subject.isEmpty() ? "" : "-" + subject) + "-" + report.path("generatedAt").asText().substring(0, 10);
        return "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "." + extension + "\"";
    }

    private static StreamingOutput sendThenClose(SpooledReport report, StreamingOutput body) {
        return out -> {
            try (report) {
                body.write(out);
            }
        };
    }
}
