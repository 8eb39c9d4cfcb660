package dev.candor.ledger.domain;

import dev.candor.common.persistence.CopyRows;
import dev.candor.ledger.config.LedgerConfig;
import dev.candor.ledger.persistence.StatsRollup;
import dev.candor.ledger.persistence.TreeStore;
import dev.candor.verifier.merkle.CompactRange;
import dev.candor.verifier.merkle.NodeId;
import dev.candor.verifier.merkle.Rfc6962;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Extends the Merkle tree with newly sequenced entries and signs a checkpoint, in one transaction per batch. One
 * integrator at a time across all replicas: each run first takes a transaction-scoped PostgreSQL advisory lock
 * and skips if another replica holds it. A run that dies midway rolls back whole, so the next one starts from the
 * last checkpoint. Before signing, the stored tree is checked to reproduce the previous signed root, and the
 * database's latest checkpoint against the largest this process has seen ({@link CheckpointHighWater}): the log never
 * signs a checkpoint inconsistent with one it signed before; it halts instead.
 */
@ApplicationScoped
public class Integrator {

    private static final Logger LOG = Logger.getLogger(Integrator.class);
    /** Advisory-lock key of the integrator ("candor" in ASCII). */
    static final long LOCK_KEY = 0x63616e646f72L;

    /** What one integration run did. */
    public record Integration(long fromSize, long toSize, byte[] root, TreeStore.StoredCheckpoint checkpoint) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    CheckpointSigner signer;

    @Inject
    IntegrationWatch watch;

    @Inject
    TreeStore tree;

    @Inject
    LedgerConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    IntegrationStatus status;

    @Inject
    CheckpointHighWater highWater;

    private ScheduledExecutorService scheduler;
    private final AtomicLong treeSize = new AtomicLong();
    private Timer delay;
    private Counter failures;

    void start(@Observes StartupEvent event) {
        registry.gauge("candor_ledger_tree_size", treeSize);
        Gauge.builder("candor_ledger_integration_halted", status, s -> s.halted() ? 1 : 0)
                .description("1 once this replica's integrator has halted: it signs nothing more (see /q/health)")
                .register(registry);
        failures = Counter.builder("candor_ledger_integration_failures_total")
                .description("integration runs that failed (each is retried)").register(registry);
        delay = Timer.builder("candor_ledger_integration_delay")
                .description("from an entry's recording to the checkpoint that covers it")
                .publishPercentiles(0.5, 0.99).register(registry);
        if (!config.integration().enabled()) {
            return;
        }
        scheduler = BackgroundTasks.every("ledger-integrator", config.integration().interval(), this::runSafely);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void runSafely() {
        if (status.halted()) {
            return;
        }
        try {
            while (integrateOnce().map(i -> i.toSize() - i.fromSize() >= config.integration().maxBatch())
                    .orElse(false)) {
                // a full batch: more may be waiting
            }
            status.succeeded();
        } catch (RuntimeException | Error e) {
            failures.increment();
            status.failed(e);
            if (e instanceof Error error) {
                throw error; // logged by BackgroundTasks, which keeps the runs coming
            }
            if (!status.halted()) {
                LOG.error("integration failed; retrying", e);
            }
        }
    }

    /**
     * Stops integration in this process for good, loudly: from now on it signs nothing, and the health check and
     * {@code candor_ledger_integration_halted} say so, until an operator has looked and restarts it.
     */
    private IllegalStateException halt(String reason) {
        status.halt(reason);
        LOG.errorf("INTEGRATION HALTED, no checkpoint will be signed by this process: %s", reason);
        return new IllegalStateException("integration halted: " + reason);
    }

    /**
     * One integration run; empty when there was nothing to do or another replica holds the lock. Once halted, every
     * run fails at once.
     */
    public Optional<Integration> integrateOnce() {
        if (status.halted()) {
            throw new IllegalStateException("integration " + status.problem().orElseThrow());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<NodeId> keptIds = new ArrayList<>();
                List<byte[]> keptHashes = new ArrayList<>();
                Optional<Integration> result = integrate(c, keptIds, keptHashes);
                c.commit();
                tree.integrated(keptIds, keptHashes);
                result.ifPresent(i -> {
                    tree.signed(i.checkpoint());
                    treeSize.set(i.toSize());
                    watch.integrated(i.toSize());
                });
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackKeeping(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("integration failed: " + e.getMessage(), e);
        }
    }

    /**
     * Rolls back after {@code failure}. On a dead connection the rollback fails too; that failure is added to the
     * original as suppressed, so the cause that is logged and acted on stays the one that stopped the run.
     */
    private static void rollbackKeeping(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
        }
    }

    /** Fills {@code keptIds}/{@code keptHashes} with the new nodes proofs keep in memory (handed over after commit). */
    private Optional<Integration> integrate(Connection c, List<NodeId> keptIds, List<byte[]> keptHashes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    // another replica integrates: remember how far it got, to halt if the database falls behind that
                    TreeStore.latestCheckpoint(c).ifPresent(p -> highWater.seen(p.treeSize(), p.rootHash()));
                    return Optional.empty();
                }
            }
        }
        // The mark is read before the database: all it holds was committed before, so the database must hold it.
        Optional<CheckpointHighWater.Mark> seen = highWater.highest();
        Optional<TreeStore.StoredCheckpoint> previous = TreeStore.latestCheckpoint(c);
        if (seen.isPresent()) {
            Optional<String> contradiction = seen.get().contradictedBy(previous, n -> storedRange(c, n).root());
            if (contradiction.isPresent()) {
                throw halt(contradiction.get());
            }
        }
        previous.ifPresent(p -> highWater.seen(p.treeSize(), p.rootHash()));
        long size = previous.map(TreeStore.StoredCheckpoint::treeSize).orElse(0L);

        List<byte[]> leaves = new ArrayList<>();
        Instant oldest = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT leaf_index, leaf_hash, recorded_at FROM entry WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?")) {
            ps.setLong(1, size);
            ps.setInt(2, config.integration().maxBatch());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(1) != size + leaves.size()) {
                        throw new IllegalStateException("leaf index " + (size + leaves.size())
                                + " is missing: the log has a gap");
                    }
                    leaves.add(rs.getBytes(2));
                    if (oldest == null) {
                        oldest = rs.getTimestamp(3).toInstant();
                    }
                }
            }
        }
        if (leaves.isEmpty()) {
            StatsRollup.catchUp(c, size, config.integration().maxBatch());
            treeSize.set(size);
            watch.integrated(size);
            return Optional.empty();
        }

        CompactRange range = storedRange(c, size);
        byte[] previousRoot = previous.map(TreeStore.StoredCheckpoint::rootHash).orElse(Rfc6962.emptyRoot());
        if (!Arrays.equals(range.root(), previousRoot)) {
            throw halt("the stored tree of size " + size + " does not reproduce the root signed at that size");
        }
        CopyRows nodes = new CopyRows();
        for (byte[] leaf : leaves) {
            range.append(leaf, (NodeId id, byte[] hash) -> {
                nodes.value(id.level()).value(id.index()).bytes(hash).endRow();
                if (tree.keptInMemory(id)) {
                    keptIds.add(id);
                    keptHashes.add(hash);
                }
            });
        }
        if (nodes.count() > 0) {
            nodes.copyInto(c, "tree_node (level, node_index, hash)");
        }
        long newSize = range.size();
        byte[] root = range.root();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as PostgreSQL keeps it
        String note = signer.sign(newSize, root);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO checkpoint (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, newSize);
            ps.setBytes(2, root);
            ps.setString(3, note);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        }
        // the platform counts move with the checkpoint that covers the entries
        StatsRollup.extend(c, newSize, config.integration().maxBatch());
        if (oldest != null) {
            delay.record(Duration.between(oldest, now));
        }
        return Optional.of(new Integration(size, newSize, root,
                new TreeStore.StoredCheckpoint(newSize, root, note, now)));
    }

    /** The tree of {@code size} leaves as the stored perfect-subtree nodes give it; fails if one is missing. */
    private static CompactRange storedRange(Connection c, long size) throws SQLException {
        return CompactRange.fromFrontier(size, TreeStore.nodes(c, CompactRange.frontierIds(size)));
    }
}
