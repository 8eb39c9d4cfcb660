package dev.candor.report.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.report.api.ReportResource.Format;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which format a report request gets: {@code format} first, else {@code Accept} read as RFC 9110 says. */
class ReportFormatTest {

    static Format byAccept(String accept) {
        return ReportResource.format(null, accept);
    }

    @Test
    void aTypeWeighedZeroIsNeverServed() {
        assertThat(byAccept("application/pdf;q=0, text/csv")).isEqualTo(Format.CSV);
        assertThat(byAccept("application/pdf; Q=0 , text/csv")).isEqualTo(Format.CSV);
        assertThat(byAccept("*/*;q=0.1, application/pdf;q=0")).isEqualTo(Format.JSON);
        assertThat(byAccept("application/*, application/json;q=0")).isEqualTo(Format.PDF);
        for (String refusesAll : new String[]{"application/pdf;q=0", "*/*;q=0", "text/csv;q=0.000, image/png"}) {
            assertThatThrownBy(() -> byAccept(refusesAll)).as(refusesAll).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("Accept admitted none of them");
        }
    }

    @Test
    void mediaTypesAreCaseInsensitive() {
        assertThat(byAccept("TEXT/CSV")).isEqualTo(Format.CSV);
        assertThat(byAccept("Application/PDF")).isEqualTo(Format.PDF);
        assertThat(byAccept("Text/*")).isEqualTo(Format.CSV);
    }

    @Test
    void theHighestWeightWinsThenTheMoreSpecificRange() {
        assertThat(byAccept("application/json;q=0.1, text/csv;q=0.5")).isEqualTo(Format.CSV);
        assertThat(byAccept("application/*;q=0.9, application/pdf")).isEqualTo(Format.PDF);
        assertThat(byAccept("text/csv, */*")).isEqualTo(Format.CSV);
        assertThat(byAccept("*/*")).isEqualTo(Format.JSON);
        assertThat(byAccept("application/*")).isEqualTo(Format.JSON);
        assertThat(byAccept("text/csv;charset=utf-8")).isEqualTo(Format.CSV);
        assertThat(byAccept(null)).isEqualTo(Format.JSON);
        assertThat(byAccept(" ")).isEqualTo(Format.JSON);
        // no longer a substring match: application/json-seq is not application/json
        assertThatThrownBy(() -> byAccept("application/json-seq")).isInstanceOf(ProblemException.class);
        // a malformed weight makes its range count for nothing rather than for 1
        assertThat(byAccept("application/pdf;q=2, text/csv;q=0.5")).isEqualTo(Format.CSV);
    }

    @Test
    void formatWinsOverAccept() {
        assertThat(ReportResource.format("json", "text/csv")).isEqualTo(Format.JSON);
        assertThat(ReportResource.format("pdf", "application/pdf;q=0")).isEqualTo(Format.PDF);
        assertThatThrownBy(() -> ReportResource.format("CSV", null)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("format");
    }

    @Test
    void aSavedReportsFileNameSaysKindSubjectAndDayAndNeedsNoEscaping() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(ReportResource.attachment(json.readTree("""
                {"kind": "PROVIDER", "subject": {"type": "PROVIDER", "id": "prov-tom"},
                 "generatedAt": "2026-11-30T04:08:08.123Z"}"""), "pdf"))
                .isEqualTo("attachment; filename=\"candor-report-provider-prov-tom-2026-11-30.pdf\"");
        assertThat(ReportResource.attachment(json.readTree("""
                {"kind": "PLATFORM", "generatedAt": "2026-11-30T04:08:08.123Z"}"""), "csv"))
                .isEqualTo("attachment; filename=\"candor-report-platform-2026-11-30.csv\"");
        // ids are [A-Za-z0-9._-] by the path's pattern; were one not, it could not break out of the quotes
        assertThat(ReportResource.attachment(json.readTree("""
                {"kind": "PATIENT", "subject": {"id": "a\\"; x=/../é"}, "generatedAt": "2026-11-30T00:00:00Z"}"""),
                "csv")).isEqualTo("attachment; filename=\"candor-report-patient-a___x__..__-2026-11-30.csv\"");
    }
}
