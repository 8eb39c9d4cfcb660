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
}
