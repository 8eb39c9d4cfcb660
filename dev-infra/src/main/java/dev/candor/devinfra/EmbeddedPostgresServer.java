package dev.candor.devinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * A real PostgreSQL 17 from the embedded binaries on Maven Central (no Docker, no root, no apt). Each Candor
 * service gets its own database and role, as in production.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    /** System property: load pg_stat_statements (see {@link #start}). */
    public static final String STATEMENT_STATS = "candor.postgres.statement-stats";

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param dataDirectory where the cluster lives; reused when it already holds one
     * @param port          0 for any free port
     * @param durable       fsync and synchronous commit on (the local stack and benchmarks); off is for fast tests
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable) throws IOException {
        Files.createDirectories(dataDirectory);
        stopLeftoverPostmaster(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setServerConfig("listen_addresses", "localhost");
        if (port > 0) {
            builder.setPort(port);
        }
        String onOff = durable ? "on" : "off";
        builder.setServerConfig("fsync", onOff)
                .setServerConfig("synchronous_commit", onOff)
                .setServerConfig("full_page_writes", onOff);
        if (durable) {
            // Sized for a service database rather than initdb's minimum: with max_wal_size at its 1 GB default a
            // million-entry fill checkpointed every ~20 s (24 WAL-forced checkpoints; each an fsync storm, then
            // full-page images in the WAL after it), which shows as latency spikes in every service at once.
            // min_wal_size keeps up to 3 GB of used WAL segments for reuse at each checkpoint (see preallocateWal).
            builder.setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("min_wal_size", "3GB")
                    .setServerConfig("checkpoint_timeout", "15min");
        }
        if (Boolean.getBoolean(STATEMENT_STATS)) {
            // Benchmarks only (BENCH_PG_STATEMENTS=1): where PostgreSQL's time goes, statement by statement, including
            // those run inside triggers (foreign-key checks); a few per cent of overhead per statement.
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all");
        }
        return new EmbeddedPostgresServer(builder.start());
    }

    /** A postmaster left running by a killed launcher holds the data directory: stop it before starting anew. */
    private static void stopLeftoverPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        Optional<ProcessHandle> leftover;
        try {
            leftover = ProcessHandle.of(Long.parseLong(firstLine));
        } catch (NumberFormatException e) {
            return;
        }
        leftover.filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .ifPresent(p -> {
                    p.destroy(); // SIGTERM: a smart shutdown, its clients are gone
                    p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
                });
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates the role (login, password) and a database it owns, unless they exist; sets the password anew. */
    public void ensureDatabase(String database, String owner, String password) throws SQLException {
        ensureRole(owner, password);
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                s.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner));
            }
        }
    }

    /**
     * Creates a login role without privileges unless it exists, and sets its password. A service that must not
     * own its tables (the ledger) connects as such a role; its migrations grant what it may do.
     */
    public void ensureRole(String role, String password) throws SQLException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role)) {
                s.execute("CREATE ROLE " + identifier(role) + " LOGIN");
            }
            s.execute("ALTER ROLE " + identifier(role) + " PASSWORD " + literal(password));
        }
    }

    /** A WAL segment's size (initdb's default). */
    static final long WAL_SEGMENT_BYTES = 16L << 20;

    /**
     * Makes sure at least {@code bytes} of WAL segments lie ready for reuse, as in a cluster that has run past its first
     * checkpoints. A fresh cluster has none: each new 16 MB segment is created and zero-filled while commits wait for
     * it, which a latency measurement sees as stalls of tens of milliseconds that a cluster in service does not have
     * (it renames used segments at each checkpoint instead; {@code min_wal_size} says how many it keeps). Switches
     * through that many segments (each switch needs one WAL record since the last), then checkpoints, which recycles
     * them. Returns the number of segments switched through; a few seconds per gigabyte here.
     */
    public int preallocateWal(long bytes) throws SQLException {
        int segments = (int) Math.ceil(bytes / (double) WAL_SEGMENT_BYTES);
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            for (int i = 0; i < segments; i++) {
                s.execute("SELECT pg_logical_emit_message(false, 'candor-wal-preallocation', '')");
                s.execute("SELECT pg_switch_wal()");
            }
            s.execute("CHECKPOINT");
        }
        return segments;
    }

    /**
     * A checkpoint now: the WAL written since the last one becomes segments ready for reuse (up to {@code min_wal_size}),
     * so a measured load that follows writes into recycled segments rather than new ones.
     */
    public void checkpoint() throws SQLException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** A superuser connection, for setting up roles and for tests that must act behind the services' backs. */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String identifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
