package dev.candor.ledger.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** When the integrator's state is a problem worth reporting. */
class IntegrationStatusTest {

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void failingIsAProblemOnceItHasLastedTenSecondsAndAGoodRunEndsIt() {
        Hands clock = new Hands();
        IntegrationStatus status = new IntegrationStatus(clock);
        assertThat(status.problem()).isEmpty();

        status.failed(new IllegalStateException("leaf index 7 is missing: the log has a gap"));
        clock.now = clock.now.plus(Duration.ofMillis(9_800));
        status.failed(new IllegalStateException("leaf index 7 is missing: the log has a gap"));
        assertThat(status.problem()).as("a short hiccup is not reported").isEmpty();

        clock.now = clock.now.plus(Duration.ofMillis(200));
        assertThat(status.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("failing since 2026-12-01T10:00:00Z (2 runs)").contains("the log has a gap"));
        assertThat(status.halted()).isFalse();

        status.succeeded();
        assertThat(status.problem()).isEmpty();
        assertThat(status.snapshot().consecutiveFailures()).isZero();
    }

    @Test
    void aHaltIsAProblemAtOnceAndStaysWithItsFirstReason() {
        IntegrationStatus status = new IntegrationStatus(new Hands());
        status.halt("the database's latest checkpoint (size 3) is behind the one of size 5 seen before");
        status.halt("another reason");
        status.succeeded();

        assertThat(status.halted()).isTrue();
        assertThat(status.problem()).hasValue(
                "halted: the database's latest checkpoint (size 3) is behind the one of size 5 seen before");
        assertThat(status.snapshot().haltedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }
}
