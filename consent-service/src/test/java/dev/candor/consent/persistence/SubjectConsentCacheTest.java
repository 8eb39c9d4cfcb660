package dev.candor.consent.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveSnapshot;
import dev.candor.consent.domain.DirectiveStatus;
import dev.candor.consent.domain.SubjectRef;
import jakarta.enterprise.inject.Vetoed;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory consent state on its own: what is kept, and what a change drops — with a scripted database. */
class SubjectConsentCacheTest {

    static final SubjectRef ALICE = new SubjectRef(SubjectType.PATIENT, "pat-alice");
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** Alice's consent as a load read it: version 1, active. */
    static final SubjectConsentCache.State CONSENTED = new SubjectConsentCache.State(List.of(new DirectiveSnapshot(
            UUID.randomUUID(), 1, DirectiveKind.GENERAL_CONSENT, DirectiveStatus.ACTIVE,
            NOW.minusSeconds(3600), null, List.of())), List.of());

    /**
     * A cache whose database answers {@link #CONSENTED}, counting loads; a load waits at {@link #gate} if set. Its
     * clock stands still unless the test moves it ({@link #clock}, nanoseconds).
     */
    @Vetoed
    static final class Scripted extends SubjectConsentCache {
        final AtomicInteger loads = new AtomicInteger();
        final AtomicLong clock = new AtomicLong(42);

        Scripted() {
            nanoTime = clock::get;
        }

        volatile CountDownLatch reading;
        volatile CountDownLatch gate;

        @Override
        Map<SubjectRef, State> load(Set<SubjectRef> subjects) {
            loads.incrementAndGet();
            if (gate != null) {
                // the SELECT has read its snapshot; its answer is not back yet
                reading.countDown();
                await(gate);
            }
            return Map.of(ALICE, CONSENTED);
        }
    }

    /** The cache as decisions use it, with {@code afterPut} run on the storing thread right after every store. */
    @SuppressWarnings("unchecked")
    static Cache<SubjectRef, SubjectConsentCache.State> spied(Runnable afterPut) {
        Cache<SubjectRef, SubjectConsentCache.State> real = Caffeine.newBuilder().build();
        return (Cache<SubjectRef, SubjectConsentCache.State>) Proxy.newProxyInstance(Cache.class.getClassLoader(),
                new Class<?>[]{Cache.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().startsWith("put")) {
                        afterPut.run();
                    }
                    return result;
                });
    }

    @Test
    void aLoadThatRacedARevocationIsNeverStoredNotEvenForAMoment() throws Exception {
        Scripted cache = new Scripted();
        AtomicReference<Boolean> revoked = new AtomicReference<>(false);
        List<Optional<SubjectConsentCache.AtTime>> seenAfterRevocation = new CopyOnWriteArrayList<>();
        // Whatever is stored, another decision (the ledger's, on the event loop) may read at once.
        cache.hold(spied(() -> {
            if (revoked.get()) {
                seenAfterRevocation.add(cache.atIfHeld(Set.of(ALICE), NOW));
            }
        }));
        cache.startedListening();
        cache.reading = new CountDownLatch(1);
        cache.gate = new CountDownLatch(1);

        // Decision 1 misses memory; its load reads Alice's consent as active...
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread decision = new Thread(() -> {
            try {
                cache.at(Set.of(ALICE), NOW);
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        decision.start();
        await(cache.reading);
        // ...then Alice's revocation commits and is dropped here, and Alice is told it is done...
        cache.forget(ALICE);
        revoked.set(true);
        // ...and only then does the load's answer come back.
        cache.gate.countDown();
        decision.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(decision.isAlive()).isFalse();
        assertThat(failed.get()).isNull();

        assertThat(seenAfterRevocation).as("the stale state stored after the revocation returned").isEmpty();
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).isEmpty();
    }

    @Test
    void aLoadThatNothingRacedIsKeptUntilAChangeDropsIt() {
        Scripted cache = new Scripted();
        cache.hold(Caffeine.newBuilder().build());
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).as("not listening yet").isEmpty();
        cache.startedListening();
        assertThat(cache.at(Set.of(ALICE), NOW).directives()).containsKey(ALICE);
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).isPresent();
        cache.at(Set.of(ALICE), NOW);
        assertThat(cache.loads.get()).as("the second decision is taken from memory").isEqualTo(1);

        cache.forget(ALICE);
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).isEmpty();
        cache.at(Set.of(ALICE), NOW);
        assertThat(cache.loads.get()).isEqualTo(2);

        cache.stoppedListening();
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).as("nothing is taken from memory while deaf").isEmpty();
    }

    @Test
    void memoryIsTrustedOnlyShortlyAfterTheListenersLastRoundTrip() {
        Scripted cache = new Scripted();
        cache.hold(Caffeine.newBuilder().build());
        cache.startedListening();
        cache.at(Set.of(ALICE), NOW);
        cache.clock.addAndGet(SubjectConsentCache.TRUSTED_NANOS);
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).as("two round-trip intervals after the last").isPresent();

        // The listening connection may have died silently (a failover, a proxy dropping idle flows): until it answers
        // again, other replicas' revocations might be missed, so decisions come from the database.
        cache.clock.addAndGet(1);
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).isEmpty();
        assertThat(cache.at(Set.of(ALICE), NOW).directives()).containsKey(ALICE);
        assertThat(cache.loads.get()).isEqualTo(2);

        cache.roundTripped();
        assertThat(cache.atIfHeld(Set.of(ALICE), NOW)).isPresent();
        cache.at(Set.of(ALICE), NOW);
        assertThat(cache.loads.get()).isEqualTo(2);
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("the other side arrived").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
