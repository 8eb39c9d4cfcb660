package dev.candor.devinfra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The real Keycloak, from the {@code keycloak-quarkus-dist} zip on Maven Central, run in dev mode on a PostgreSQL
 * database with the repository's realm imported (the import is skipped when the realm already exists).
 */
public final class KeycloakServer {

    private KeycloakServer() {
    }

    /** Settings of one Keycloak run. {@code environment} carries the realm's placeholders (client secrets). */
    public record Settings(Path installation, Path realmFile, int httpPort, int managementPort, String jdbcUrl,
                           String dbUser, String dbPassword, String adminUser, String adminPassword,
                           Map<String, String> environment, Path logFile) {

        public String url() {
            return "http://localhost:" + httpPort;
        }

        public String realmUrl(String realm) {
            return url() + "/realms/" + realm;
        }
    }

    /** Unpacks the distribution unless {@code installation} already holds it. */
    public static void install(Path distributionZip, Path installation) throws IOException {
        if (Files.exists(installation.resolve("bin/kc.sh"))) {
            return;
        }
        Path partial = installation.resolveSibling(installation.getFileName() + ".partial");
        deleteRecursively(partial);
        Files.createDirectories(partial);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distributionZip))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                // The zip has one top folder (keycloak-26.x.y/): strip it.
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path target = partial.resolve(name.substring(slash + 1)).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("zip entry escapes the installation: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(zip, target);
                }
            }
        }
        Files.move(partial, installation, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ManagedProcess start(Settings settings) throws IOException {
        Path importDir = settings.installation().resolve("data/import");
        Files.createDirectories(importDir);
        Files.copy(settings.realmFile(), importDir.resolve(settings.realmFile().getFileName()),
                StandardCopyOption.REPLACE_EXISTING);

        List<String> command = new ArrayList<>(List.of("bash", "bin/kc.sh", "start-dev",
                "--http-port=" + settings.httpPort(),
                "--http-management-port=" + settings.managementPort(),
                "--hostname=" + settings.url(),
                "--health-enabled=true",
                "--import-realm",
                "--db=postgres",
                "--db-url=" + settings.jdbcUrl(),
                "--db-username=" + settings.dbUser()));
        Map<String, String> env = new java.util.HashMap<>(settings.environment());
        env.put("KC_DB_PASSWORD", settings.dbPassword());
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUser());
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword());
        env.put("JAVA_OPTS_KC_HEAP", "-XX:MaxRAMPercentage=5 -Xms64m -Xmx512m");
        return ManagedProcess.start("keycloak", command, env, settings.installation(), settings.logFile());
    }

    public static void awaitReady(ManagedProcess keycloak, Settings settings, Duration timeout)
            throws IOException, InterruptedException {
        keycloak.awaitHealthy("http://localhost:" + settings.managementPort() + "/health/ready", timeout);
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
