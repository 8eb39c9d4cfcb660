package dev.candor.report.domain;

import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** How a report's period is read from a request and said to people. */
class ReportPeriodTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static ReportPeriod period(String from, String to) {
        return ReportPeriod.of(from, to, 6, NOW);
    }

    @Test
    void peopleReadTheLastDayIncludedNotTheExclusiveEnd() {
        ReportPeriod oneDay = period("2026-11-28", "2026-11-28");
        assertThat(oneDay.to()).as("the machine end stays exclusive").isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(oneDay.inWords()).isEqualTo("on 2026-11-28");

        assertThat(period("2026-11-01", "2026-11-28").inWords()).isEqualTo("from 2026-11-01 through 2026-11-28");
        // the same ends given as instants: a midnight end includes the day before it and nothing of its own day
        assertThat(period("2026-11-01T00:00:00Z", "2026-11-29T00:00:00Z").inWords())
                .isEqualTo("from 2026-11-01 through 2026-11-28");
        assertThat(period("2026-11-28T04:08:08Z", "2026-11-29T12:30:00Z").inWords())
                .isEqualTo("from 2026-11-28T04:08:08Z up to (not including) 2026-11-29T12:30:00Z");
        assertThat(period("2026-11-28", "2026-11-28T00:00:00.000001Z").inWords())
                .isEqualTo("from 2026-11-28 up to (not including) 2026-11-28T00:00:00.000001Z");
        assertThat(period("2026-11-28T04:08:08Z", "2026-11-28").inWords())
                .isEqualTo("from 2026-11-28T04:08:08Z through 2026-11-28");
    }

    /** The one field error of the 400 that reading {@code from}/{@code to} gives. */
    static Problem.FieldError refusal(String from, String to) {
        Throwable thrown = catchThrowable(() -> period(from, to));
        assertThat(thrown).as("from=%s to=%s", from, to).isInstanceOf(ProblemException.class);
        Problem problem = ((ProblemException) thrown).problem();
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).hasSize(1);
        return problem.errors().get(0);
    }

    @Test
    void instantsFinerThanAMicrosecondAreRefusedNamingTheField() {
        // PostgreSQL keeps microseconds: 08.000000001 would select like 08 and contradict the signed period
        Problem.FieldError to = refusal("2026-11-28T04:08:08Z", "2026-11-28T04:08:08.000000001Z");
        assertThat(to.field()).isEqualTo("to");
        assertThat(to.message()).contains("more precise than a microsecond");
        assertThat(refusal("2026-11-28T04:08:08.0000005Z", "2026-11-29").field()).isEqualTo("from");

        assertThat(period("2026-11-28T04:08:08.000001Z", "2026-11-28T04:08:08.123456Z").to())
                .isEqualTo(Instant.parse("2026-11-28T04:08:08.123456Z"));
        assertThat(period("2026-11-28T04:08:08.000001000Z", "2026-11-29").from())
                .as("nine digits that say no more than six").isEqualTo(Instant.parse("2026-11-28T04:08:08.000001Z"));
    }

    @Test
    void hour24AndLeapSecondsAreRefusedRatherThanMovedToAnotherInstant() {
        // Instant.parse reads T24:00:00 as the next day's midnight and 23:59:60 as 23:59:59
        Problem.FieldError hour24 = refusal("2026-11-28T24:00:00Z", "2026-11-30");
        assertThat(hour24.field()).isEqualTo("from");
        assertThat(hour24.message()).contains("hour 24");
        Problem.FieldError leap = refusal("2026-11-01", "2026-11-28T23:59:60Z");
        assertThat(leap.field()).isEqualTo("to");
        assertThat(leap.message()).contains("leap second");
        // a fraction without digits is no RFC 3339 date-time; lower-case t and z are
        assertThat(refusal("2026-11-28T00:00:00.Z", null).message()).contains("must be an ISO-8601 date");
        assertThat(period("2026-11-28t00:00:00z", null).from()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(period("2026-11-28T00:00:00+01:00", null).from()).isEqualTo(Instant.parse("2026-11-27T23:00:00Z"));
    }

    @Test
    void theLastDateAcceptedAsAnEndSaysWhyItIsRefused() {
        Problem.FieldError to = refusal("9999-01-01", "9999-12-31");
        assertThat(to.field()).isEqualTo("to");
        assertThat(to.message()).contains("the date is inclusive", "10000-01-01T00:00:00Z")
                .doesNotContain("must lie between");
        assertThat(period("9999-01-01", "9999-12-30").to()).isEqualTo(Instant.parse("9999-12-31T00:00:00Z"));
        assertThat(refusal("0000-06-01T00:00:00Z", "0003-01-01").message()).contains("out of range");
    }
}
