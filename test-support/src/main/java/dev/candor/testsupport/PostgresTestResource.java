package dev.candor.testsupport;

import dev.candor.devinfra.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL for {@code @QuarkusTest}s: one embedded server per test JVM (started on first use, stopped at
 * exit), and a fresh database with its own non-superuser role for each Quarkus application the tests start.
 * Use with {@code @QuarkusTestResource(PostgresTestResource.class)}. With the init argument {@link #APP_ROLE}
 * {@code = true} the service connects as a second role that owns nothing, while Flyway migrates as the owner —
 * for services whose migrations restrict what their own role may do.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String APP_ROLE = "app-role";

    private static EmbeddedPostgresServer server;
    private boolean separateAppRole;

    @Override
    public void init(Map<String, String> initArgs) {
        separateAppRole = Boolean.parseBoolean(initArgs.getOrDefault(APP_ROLE, "false"));
    }

    /** The shared server, for tests that must look at or tamper with the database directly. */
    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path data = Path.of(System.getProperty("java.io.tmpdir"), "postgres-" + UUID.randomUUID());
                server = EmbeddedPostgresServer.start(data, 0, false);
                EmbeddedPostgresServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String database = "test_" + suffix;
        String role = "svc_" + suffix;
        String password = UUID.randomUUID().toString();
        try {
            server().ensureDatabase(database, role, password);
        } catch (Exception e) {
            throw new IllegalStateException("could not create test database", e);
        }
        System.setProperty("candor.test.database", database);
        if (!separateAppRole) {
            return Map.of(
                    "quarkus.datasource.jdbc.url", server().jdbcUrl(database),
                    "quarkus.datasource.username", role,
                    "quarkus.datasource.password", password);
        }
        String appRole = role + "_app";
        String appPassword = UUID.randomUUID().toString();
        try {
            server().ensureRole(appRole, appPassword);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the application role", e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", server().jdbcUrl(database),
                "quarkus.datasource.username", appRole,
                "quarkus.datasource.password", appPassword,
                "quarkus.flyway.username", role,
                "quarkus.flyway.password", password);
    }

    /** The database of the most recently started application, for direct SQL in tests. */
    public static String currentDatabase() {
        return System.getProperty("candor.test.database");
    }

    @Override
    public void stop() {
        // The server outlives each application; the JVM's exit stops it.
    }
}
