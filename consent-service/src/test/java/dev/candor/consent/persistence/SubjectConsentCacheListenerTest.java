package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.SubjectRef;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.fail;

/** The change listener on the service's real PostgreSQL connection, with its network timeout and round trips. */
@QuarkusTest
class SubjectConsentCacheListenerTest {

    @Inject
    SubjectConsentCache cache;

    @Test
    void theListenerKeepsMemoryTrustedByItsRoundTrips() throws InterruptedException {
        Set<SubjectRef> subject = Set.of(new SubjectRef(SubjectType.PATIENT, "pat-" + UUID.randomUUID()));
        long start = System.nanoTime();
        long beyondOneWindow = SubjectConsentCache.TRUSTED_NANOS + Duration.ofSeconds(1).toNanos();
        long deadline = start + Duration.ofSeconds(90).toNanos();
        // Memory is trusted only within two round-trip intervals of the listener's last round trip, so serving the
        // subject from memory later than that after the start means the listener is up and its round trips succeed.
        while (System.nanoTime() < deadline) {
            cache.at(subject, Instant.now());
            if (cache.atIfHeld(subject, Instant.now()).isPresent() && System.nanoTime() - start > beyondOneWindow) {
                return;
            }
            Thread.sleep(250);
        }
        fail("decisions were not taken from memory more than one trust window after the start");
    }
}
