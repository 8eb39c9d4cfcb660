package dev.candor.consent.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.config.ConsentConfig;
import dev.candor.consent.domain.DirectiveCodec;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveSnapshot;
import dev.candor.consent.domain.DirectiveStatus;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.SubjectRef;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What decisions need about a subject — every version of every directive and every policy-profile setting — held in
 * memory, so a decision costs no query when its subjects were asked about before. "In force at T" is worked out here,
 * for any T: per directive the latest version recorded by T, if it is active and not expired at T; per subject the
 * latest profile setting made by T. With the cache switched off every call loads from the database.
 *
 * <p>Staying correct with several replicas: the database sends a notice (NOTIFY, see V5) for every version or
 * setting written, by any path, when its transaction commits; one connection here LISTENs and drops the subject.
 * While that connection is down, or has not answered a round trip lately, nothing is taken from memory (a connection
 * dropped silently, by a failover or a proxy, looks just like a quiet one until a round trip fails). A load that raced a change is not kept: each notice
 * moves a generation counter, and a load is stored only if the generation has not moved since it began — checked and
 * stored under the lock that a notice's drop takes, so no change can slip in between. A change made through this
 * replica is also dropped as soon as its own transaction commits, without waiting for the notice.
 */
@ApplicationScoped
public class SubjectConsentCache {

    private static final Logger LOG = Logger.getLogger(SubjectConsentCache.class);
    static final String CHANNEL = "candor_consent_changed";

    /** How often the listener makes a round trip on its connection, to know it is still up. */
    static final Duration ROUND_TRIP_INTERVAL = Duration.ofSeconds(5);
    /** Memory is trusted only this long after the listener's last successful round trip: two intervals. */
    static final long TRUSTED_NANOS = 2 * ROUND_TRIP_INTERVAL.toNanos();
    /**
     * A round trip on the listening connection that takes longer fails it. Without a timeout, after a silent drop the
     * round trip blocked until TCP gave up (~15 min with Linux defaults) while memory was trusted.
     */
    static final int NETWORK_TIMEOUT_MILLIS = (int) ROUND_TRIP_INTERVAL.toMillis();

    /** Every version of every directive of the loaded subjects, in the order decisions consider them. */
    private static final String VERSIONS = """
            SELECT d.subject_type, d.subject_id, v.directive_id, d.kind, v.version, v.status, v.recorded_at,
                   v.expires_at, v.provisions
              FROM directive d
              JOIN directive_version v ON v.directive_id = d.id
             WHERE (d.subject_type, d.subject_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
             ORDER BY d.created_at, v.directive_id, v.version DESC
            """;

    /** Every profile setting of the loaded subjects, latest first. */
    private static final String SETTINGS = """
            SELECT subject_type, subject_id, profile, set_at
              FROM subject_policy_profile
             WHERE (subject_type, subject_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
             ORDER BY set_at DESC, seq DESC
            """;

    /** A subject's consent state: all directive versions (per directive latest first) and profile settings. */
    record State(List<DirectiveSnapshot> versions, List<Setting> settings) {
        static final State NONE = new State(List.of(), List.of());
    }

    /** A profile setting; {@code profile} null returns the subject to the deployment default. */
    record Setting(PolicyProfile profile, Instant setAt) {
    }

    /** What decisions about a set of subjects at one moment need. */
    public record AtTime(Map<SubjectRef, List<DirectiveSnapshot>> directives, Map<SubjectRef, PolicyProfile> profiles) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DirectiveCodec codec;

    @Inject
    ConsentConfig config;

    @Inject
    TransactionSynchronizationRegistry transactions;

    private final AtomicLong generation = new AtomicLong();
    /** Held while the generation moves with a drop, and while a load checks it and stores what it loaded. */
    private final Object changes = new Object();
    private volatile boolean listening;
    /** {@link #nanoTime} of the listener's last successful round trip. */
    private volatile long lastRoundTrip;
    /** The clock round trips are timed by; a test's own in unit tests. */
    LongSupplier nanoTime = System::nanoTime;
    private volatile boolean running;
    private Cache<SubjectRef, State> states;
    private Thread listener;

    void start(@Observes StartupEvent event) {
        if (!config.cache().enabled()) {
            return;
        }
        hold(Caffeine.newBuilder().maximumSize(config.cache().maxSubjects()).build());
        running = true;
        listener = new Thread(this::listen, "consent-change-listener");
        listener.setDaemon(true);
        listener.start();
    }

    /** Keeps subjects' states in {@code cache}; they are taken from it while the change listener is up. */
    void hold(Cache<SubjectRef, State> cache) {
        states = cache;
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (listener != null) {
            listener.interrupt();
            listener.join(5_000);
        }
    }

    /** The directives in force and the profile overrides at {@code time} for these subjects. */
    public AtTime at(Collection<SubjectRef> subjects, Instant time) {
        return atTime(states(subjects), time);
    }

    /**
     * The same, only if every subject is in memory and memory may be trusted now (the change listener is up): never
     * reads the database, so it may run on an event loop. Empty otherwise.
     */
    public Optional<AtTime> atIfHeld(Collection<SubjectRef> subjects, Instant time) {
        if (!trusted()) {
            return Optional.empty();
        }
        Map<SubjectRef, State> found = new HashMap<>();
        for (SubjectRef subject : subjects) {
            State state = states.getIfPresent(subject);
            if (state == null) {
                return Optional.empty();
            }
            found.put(subject, state);
        }
        return Optional.of(atTime(found, time));
    }

    private static AtTime atTime(Map<SubjectRef, State> states, Instant time) {
        Map<SubjectRef, List<DirectiveSnapshot>> directives = new HashMap<>();
        Map<SubjectRef, PolicyProfile> profiles = new HashMap<>();
        states.forEach((subject, state) -> {
            List<DirectiveSnapshot> inForce = inForce(state.versions(), time);
            if (!inForce.isEmpty()) {
                directives.put(subject, inForce);
            }
            for (Setting setting : state.settings()) {
                if (!setting.setAt().isAfter(time)) {
                    if (setting.profile() != null) {
                        profiles.put(subject, setting.profile());
                    }
                    break;
                }
            }
        });
        return new AtTime(directives, profiles);
    }

    /** Forgets the subject once the current transaction commits (at once when there is none). */
    public void forgetOnCommit(SubjectRef subject) {
        if (states == null) {
            return;
        }
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    forget(subject);
                }
            });
        } else {
            forget(subject);
        }
    }

    /** Drops the subject; any load that began before this is not kept (see {@link #states}). */
    void forget(SubjectRef subject) {
        synchronized (changes) {
            generation.incrementAndGet();
            states.invalidate(subject);
        }
    }

    /** Per directive, its latest version recorded by {@code time}, when that version is in force then. */
    static List<DirectiveSnapshot> inForce(List<DirectiveSnapshot> versions, Instant time) {
        List<DirectiveSnapshot> inForce = new ArrayList<>();
        UUID decided = null;
        for (DirectiveSnapshot version : versions) {
            if (version.directiveId().equals(decided) || version.recordedAt().isAfter(time)) {
                continue;
            }
            decided = version.directiveId();
            if (version.inForceAt(time)) {
                inForce.add(version);
            }
        }
        return inForce;
    }

    private Map<SubjectRef, State> states(Collection<SubjectRef> subjects) {
        Map<SubjectRef, State> found = new HashMap<>();
        Set<SubjectRef> missing = new LinkedHashSet<>();
        boolean cached = trusted();
        for (SubjectRef subject : subjects) {
            State state = cached ? states.getIfPresent(subject) : null;
            if (state != null) {
                found.put(subject, state);
            } else {
                missing.add(subject);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        long before = generation.get();
        Map<SubjectRef, State> loaded = load(missing);
        found.putAll(loaded);
        if (cached) {
            // A change noticed while loading may not be in what was loaded: keep none of it. Checked and stored under
            // the lock forget takes, so a change cannot be dropped between the check and the store (storing first
            // and dropping after a failed check let other decisions read the stale state in between).
            synchronized (changes) {
                if (generation.get() == before) {
                    states.putAll(loaded);
                }
            }
        }
        return found;
    }

    /** The subjects' consent state as the database has it now. */
    Map<SubjectRef, State> load(Set<SubjectRef> subjects) {
        Map<SubjectRef, List<DirectiveSnapshot>> versions = new HashMap<>();
        Map<SubjectRef, List<Setting>> settings = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement ps = connection.prepareStatement(VERSIONS)) {
                Sql.setSubjects(connection, ps, 1, subjects);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        versions.computeIfAbsent(subject(rs), s -> new ArrayList<>()).add(new DirectiveSnapshot(
                                rs.getObject("directive_id", UUID.class), rs.getInt("version"),
                                DirectiveKind.valueOf(rs.getString("kind")),
                                DirectiveStatus.valueOf(rs.getString("status")), Sql.getInstant(rs, "recorded_at"),
                                Sql.getInstant(rs, "expires_at"), codec.readProvisions(rs.getString("provisions"))));
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(SETTINGS)) {
                Sql.setSubjects(connection, ps, 1, subjects);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String profile = rs.getString("profile");
                        settings.computeIfAbsent(subject(rs), s -> new ArrayList<>()).add(new Setting(
                                profile == null ? null : PolicyProfile.valueOf(profile), Sql.getInstant(rs, "set_at")));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not load directives", e);
        }
        Map<SubjectRef, State> loaded = new HashMap<>();
        for (SubjectRef subject : subjects) {
            List<DirectiveSnapshot> v = versions.get(subject);
            List<Setting> s = settings.get(subject);
            loaded.put(subject, v == null && s == null ? State.NONE
                    : new State(v == null ? List.of() : List.copyOf(v), s == null ? List.of() : List.copyOf(s)));
        }
        return loaded;
    }

    /** Drops the subject of each notice. */
    private void forget(PGNotification[] received) {
        if (received == null) {
            return;
        }
        for (PGNotification notice : received) {
            String payload = notice.getParameter();
            int bar = payload.indexOf('|');
            forget(new SubjectRef(SubjectType.valueOf(payload.substring(0, bar)), payload.substring(bar + 1)));
        }
    }

    private static void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("closing the consent change listener's connection: %s", e.getMessage());
        }
    }

    private static SubjectRef subject(ResultSet rs) throws SQLException {
        return new SubjectRef(SubjectType.valueOf(rs.getString("subject_type")), rs.getString("subject_id"));
    }

    /**
     * Whether memory may be used now: the listener is up and has made a round trip to the database lately — so no
     * notice is being missed for longer than that on a connection that died without saying so.
     */
    private boolean trusted() {
        return states != null && listening && nanoTime.getAsLong() - lastRoundTrip <= TRUSTED_NANOS;
    }

    /** Notices are heard from now on: memory may be used again, starting empty (notices were missed meanwhile). */
    void startedListening() {
        forgetAll();
        roundTripped();
        listening = true;
    }

    /** The listening connection has just answered: every notice sent before is received. */
    void roundTripped() {
        lastRoundTrip = nanoTime.getAsLong();
    }

    /** Notices may be missed from now on: nothing is taken from memory, and nothing loaded meanwhile is kept. */
    void stoppedListening() {
        listening = false;
        forgetAll();
    }

    private void forgetAll() {
        synchronized (changes) {
            generation.incrementAndGet();
            if (states != null) {
                states.invalidateAll();
            }
        }
    }

    /**
     * Listens for change notices until shutdown; reconnects after a failure, trusting nothing kept meanwhile. Every
     * {@link #ROUND_TRIP_INTERVAL} it makes a round trip, bounded by {@link #NETWORK_TIMEOUT_MILLIS}: a connection
     * that died silently looks just like a quiet one until then.
     */
    private void listen() {
        while (running) {
            Connection connection = null;
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                connection.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection notices = connection.unwrap(PGConnection.class);
                startedListening();
                while (running) {
                    forget(notices.getNotifications(1_000));
                    if (nanoTime.getAsLong() - lastRoundTrip >= ROUND_TRIP_INTERVAL.toNanos()) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("SELECT 1");
                        }
                        // notices that arrived with the answer are dropped before the round trip counts
                        forget(notices.getNotifications());
                        roundTripped();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    LOG.warnf("consent change notices interrupted (%s); deciding from the database until they resume",
                            e.getMessage());
                }
            } finally {
                // before closing: closing a connection that died silently may itself take a while
                stoppedListening();
                close(connection);
            }
            if (running) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
