package dev.candor.stack;

import dev.candor.devinfra.EmbeddedPostgresServer;
import dev.candor.devinfra.KeycloakServer;
import dev.candor.devinfra.ManagedProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole of Candor on one machine: a real PostgreSQL (embedded binaries), the real Keycloak with the
 * repository's realm, the four services as separate processes, and the demo data of the main story.
 * {@link #close()} stops everything it started, in reverse order, and nothing else.
 */
public final class LocalStack implements AutoCloseable {

    /** One Candor service: its module, its database (and role) name, the port it listens on. */
    record Service(String module, String database, int port) {
    }

    static final String LEDGER_APP_ROLE = "ledger_app";

    private final StackSettings settings;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private EmbeddedPostgresServer postgres;
    private StackSecrets secrets;

    public LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(System.getProperty("candor.repo", ".")).toAbsolutePath().normalize();
        Path zip = Path.of(System.getProperty("candor.keycloak.zip",
                repository.resolve("local-stack/target/dist").toString()));
        if (Files.isDirectory(zip)) {
            try (var files = Files.list(zip)) {
                zip = files.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no Keycloak zip in local-stack/target/dist"));
            }
        }
        LocalStack stack = new LocalStack(StackSettings.local(repository, zip));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Candor...");
            stack.close();
            System.out.println("Stopped.");
        }, "candor-stop"));
        long started = System.nanoTime();
        stack.start();
        new DemoData(stack.settings, stack.secrets).loadOnce();
        stack.printWelcome(Duration.ofNanos(System.nanoTime() - started));
        Files.writeString(stack.settings.home().resolve("stack.pid"), Long.toString(ProcessHandle.current().pid()));
        Thread.currentThread().join(); // until Ctrl-C or ./candor stop
    }

    public StackSettings settings() {
        return settings;
    }

    public StackSecrets secrets() {
        return secrets;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public List<Service> services() {
        return List.of(new Service("consent-service", "consent", settings.consentPort()),
                new Service("disclosure-ledger", "ledger", settings.ledgerPort()),
                new Service("report-service", "report", settings.reportPort()),
                new Service("gateway", "gateway", settings.gatewayPort()));
    }

    public void start() throws Exception {
        Files.createDirectories(settings.logs());
        secrets = StackSecrets.loadOrCreate(settings.home());
        step("PostgreSQL on port " + settings.postgresPort());
        postgres = EmbeddedPostgresServer.start(settings.home().resolve("postgres"), settings.postgresPort(), true);
        postgres.ensureDatabase("keycloak", "keycloak", secrets.get("db.keycloak.password"));
        for (Service service : services()) {
            postgres.ensureDatabase(service.database(), service.database(),
                    secrets.get("db." + service.database() + ".password"));
        }
        // The ledger runs as a role that may only INSERT and SELECT; its migrations run as the owner.
        postgres.ensureRole(LEDGER_APP_ROLE, secrets.get("db." + LEDGER_APP_ROLE + ".password"));

        step("Keycloak on port " + settings.keycloakPort() + " (first start takes about a minute)");
        Path installation = settings.home().resolve(settings.keycloakZip().getFileName().toString()
                .replace(".zip", ""));
        KeycloakServer.install(settings.keycloakZip(), installation);
        KeycloakServer.Settings keycloak = new KeycloakServer.Settings(installation,
                settings.repository().resolve("keycloak/candor-realm.json"), settings.keycloakPort(),
                settings.keycloakManagementPort(), postgres.jdbcUrl("keycloak"), "keycloak",
                secrets.get("db.keycloak.password"), "admin", secrets.get("keycloak.admin.password"),
                clientSecretEnvironment(), settings.logs().resolve("keycloak.log"));
        ManagedProcess keycloakProcess = KeycloakServer.start(keycloak);
        processes.add(keycloakProcess);
        // A loaded machine (several builds at once) can take far longer than the usual minute: -Dcandor.keycloak.ready-minutes
        // (and -Dcandor.services.ready-minutes for the services below).
        KeycloakServer.awaitReady(keycloakProcess, keycloak,
                Duration.ofMinutes(Long.getLong("candor.keycloak.ready-minutes", 4)));

        step("the services: " + String.join(", ", services().stream().map(Service::module).toList()));
        List<ManagedProcess> started = new ArrayList<>();
        for (Service service : services()) {
            ManagedProcess process = startService(service);
            processes.add(process);
            started.add(process);
        }
        List<CompletableFuture<Void>> health = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            ManagedProcess process = started.get(i);
            int port = services().get(i).port();
            health.add(CompletableFuture.runAsync(() -> {
                try {
                    process.awaitHealthy("http://localhost:" + port + "/q/health/ready",
                            Duration.ofMinutes(Long.getLong("candor.services.ready-minutes", 2)));
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }));
        }
        CompletableFuture.allOf(health.toArray(CompletableFuture[]::new)).join();
    }

    /** The realm's client secrets are placeholders; Keycloak fills them from these variables at import. */
    Map<String, String> clientSecretEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String client : List.of("carebridge-billing", "carebridge-analytics", "lakeside-ehr", "candor-internal")) {
            env.put(clientSecretVariable(client), secrets.get("client." + client + ".secret"));
        }
        return env;
    }

    static String clientSecretVariable(String clientId) {
        return "CANDOR_CLIENT_SECRET_" + clientId.toUpperCase().replace('-', '_');
    }

    private ManagedProcess startService(Service service) throws IOException {
        Path jar = settings.repository().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw install -DskipTests)");
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("QUARKUS_HTTP_HOST", "localhost");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", service.database());
        env.put("QUARKUS_DATASOURCE_PASSWORD", secrets.get("db." + service.database() + ".password"));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", settings.realmUrl());
        env.put("QUARKUS_REST_CLIENT_CONSENT_URL", "http://localhost:" + settings.consentPort());
        env.put("QUARKUS_REST_CLIENT_LEDGER_URL", "http://localhost:" + settings.ledgerPort());
        env.put("CANDOR_GATEWAY_UPSTREAMS_CONSENT_URL", "http://localhost:" + settings.consentPort());
        env.put("CANDOR_GATEWAY_UPSTREAMS_LEDGER_URL", "http://localhost:" + settings.ledgerPort());
        env.put("CANDOR_GATEWAY_UPSTREAMS_REPORT_URL", "http://localhost:" + settings.reportPort());
        if (service.database().equals("ledger")) {
            env.put("QUARKUS_FLYWAY_USERNAME", service.database());
            env.put("QUARKUS_FLYWAY_PASSWORD", secrets.get("db.ledger.password"));
            env.put("QUARKUS_DATASOURCE_USERNAME", LEDGER_APP_ROLE);
            env.put("QUARKUS_DATASOURCE_PASSWORD", secrets.get("db." + LEDGER_APP_ROLE + ".password"));
            env.put("CANDOR_LEDGER_SIGNING_DEV_KEY_FILE", settings.home().resolve("ledger-signing.key").toString());
            env.put("CANDOR_LEDGER_CLIENT_SECRET", secrets.get("client.candor-internal.secret"));
        }
        if (service.database().equals("report")) {
            env.put("CANDOR_REPORT_SIGNING_DEV_KEY_FILE", settings.home().resolve("report-signing.key").toString());
            // The PDF signer's self-signed development certificate (PKCS#12), made on first start.
            env.put("CANDOR_REPORT_PDF_SIGNING_DEV_KEYSTORE_FILE",
                    settings.home().resolve("report-pdf-signing.p12").toString());
            env.put("CANDOR_REPORT_CLIENT_SECRET", secrets.get("client.candor-internal.secret"));
        }
        env.putAll(settings.extraServiceEnvironment());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms32m", "-Xmx256m"));
        if (service.database().equals("ledger")) {
            // Issue 3's memory budget (RSS <= 400 MiB under load): a smaller heap is enough (its live set is ~30 MiB
            // plus the batches in flight), smaller thread stacks and code cache, and ParallelGC's lighter
            // bookkeeping. Two malloc arenas instead of one per thread: ~10 MiB less RSS for the same work.
            command.set(2, "-Xmx176m");
            env.put("MALLOC_ARENA_MAX", "2");
            command.addAll(List.of("-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-XX:+UseParallelGC"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        return ManagedProcess.start(service.module(), command, env,
                settings.repository().resolve(service.module()), settings.logs().resolve(service.module() + ".log"));
    }

    public List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    private void printWelcome(Duration took) throws IOException {
        String token = "TOKEN=$(curl -s -d grant_type=password -d client_id=candor-portal -d username=alice"
                + " -d password=alice " + settings.realmUrl() + "/protocol/openid-connect/token"
                + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')";
        System.out.printf("""

                Candor is up (%d s).

                  Gateway (the public API)  %s        OpenAPI of each service: http://localhost:<port>/q/swagger-ui
                  consent-service           http://localhost:%d/q/swagger-ui
                  disclosure-ledger         http://localhost:%d/q/swagger-ui
                  report-service            http://localhost:%d/q/swagger-ui
                  Keycloak                  %s   (admin console: admin / see %s)
                  PostgreSQL                localhost:%d   (data in %s)

                Demo users (password = user name):
                  alice, bob (patients pat-alice, pat-bob)   dana (delegate for alice)
                  tom, tess (therapists prov-tom, prov-tess)  rita (regulator)   adam (admin)
                Disclosing systems (client credentials; secrets in %s):
                  carebridge-billing, carebridge-analytics (org-carebridge), lakeside-ehr (org-lakeside)

                Try it — a token for Alice, then her report through the gateway:
                  %s
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/reports/patients/pat-alice

                Logs: %s/*.log    Stop: Ctrl-C, or ./candor stop
                """, took.toSeconds(), settings.gatewayUrl(), settings.consentPort(), settings.ledgerPort(),
                settings.reportPort(), settings.keycloakUrl(), secrets.file(), settings.postgresPort(),
                settings.home().resolve("postgres"), secrets.file(), token, settings.gatewayUrl(), settings.logs());
    }

    private static void step(String what) {
        System.out.println("Starting " + what + "...");
    }

    @Override
    public synchronized void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            postgres = null;
        }
        try {
            Files.deleteIfExists(settings.home().resolve("stack.pid"));
        } catch (IOException ignored) {
            // nothing to clean
        }
    }
}
