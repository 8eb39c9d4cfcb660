package dev.candor.report.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

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
}
