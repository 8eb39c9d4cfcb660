package dev.candor.stack.bench;

import dev.candor.devinfra.OidcTokens;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consent-service HTTP benchmark of issue 4: {@code POST /api/v1/decisions} on consent-service's own port, the
 * way the ledger asks (its service account's Keycloak token, as-of-now decisions about random subjects), against a
 * durable PostgreSQL holding {@code bench.subjects} subjects with {@code bench.directives} directives each. Every
 * decision is kept (the service commits it before answering). Prints the numbers, and the CPU each decision costs in
 * the service and in PostgreSQL, which is what to look at when the load generator shares the machine. Run with
 * {@code bench/consent http}.
 */
public final class ConsentBenchmark {

    static final int CLIENTS = 64;
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 20);
    static final int SUBJECTS = Integer.getInteger("bench.subjects", 10_000);
    static final int DIRECTIVES = Integer.getInteger("bench.directives", 5);

    /** Three provision sets the seeded directives rotate through: a payment permit, a restriction, a research permit. */
    private static final String[] PROVISIONS = {
            "[{\"effect\":\"PERMIT\",\"recipientIds\":[],\"recipientTypes\":[\"INSURER\"],\"categories\":"
                    + "[\"BILLING_CODES\",\"SESSION_DATES\",\"SESSION_FREQUENCY\",\"SESSION_DURATION\"],"
                    + "\"purposes\":[\"HPAYMT\"],\"validFrom\":null,\"validUntil\":null}]",
            "[{\"effect\":\"DENY\",\"recipientIds\":[\"ins-acme\"],\"recipientTypes\":[],\"categories\":"
                    + "[\"SESSION_FREQUENCY\",\"DIAGNOSIS\"],\"purposes\":[\"RATE_NEGOTIATION\",\"HOPERAT\"],"
                    + "\"validFrom\":null,\"validUntil\":null}]",
            "[{\"effect\":\"PERMIT\",\"recipientIds\":[],\"recipientTypes\":[\"RESEARCHER\"],\"categories\":"
                    + "[\"DEMOGRAPHICS\",\"SESSION_FREQUENCY\"],\"purposes\":[\"HRESCH\"],\"validFrom\":null,"
                    + "\"validUntil\":null}]"};

    private ConsentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (BenchRun run = BenchRun.start("consent", 27000)) {
            measure(run);
        }
    }

    private static void measure(BenchRun run) throws Exception {
        run.line("# consent-service decision benchmark, " + LocalDate.now());
        run.line("");
        run.line("Machine: " + run.machine() + ". " + SUBJECTS + " subjects × " + DIRECTIVES + " directives stored;"
                + " each load measured " + SECONDS + " s after " + WARMUP_SECONDS + " s of unmeasured warm-up.");
        run.line("");
        seed(run);
        String consent = "http://localhost:" + run.stack.settings().consentPort();
        Path script = run.script("decide.lua");
        long pid = run.process("consent-service").pid();
        String warmUp = "";
        AtomicLong maxRss = new AtomicLong();

        run.line("| load | decisions/s | p50 | p99 | non-2xx | consent-service CPU per decision | PostgreSQL CPU"
                + " per decision |");
        run.line("|---|---|---|---|---|---|---|");
        // {decisions per request, clients}: 64 clients saturate two cores, so latency there is queueing (Little's
        // law: p50 ≈ 64 / rate); 16 clients show the latency of a decision when the service is not saturated.
        boolean warmed = false;
        for (int[] load : new int[][]{{1, CLIENTS}, {1, CLIENTS / 4}, {10, CLIENTS / 4}}) {
            int batch = load[0];
            int clients = load[1];
            String url = consent + (batch == 1 ? "/api/v1/decisions" : "/api/v1/decisions/batch");
            Map<String, String> env = Map.of("TOKEN", token(run), "SUBJECTS", Integer.toString(SUBJECTS),
                    "BATCH", Integer.toString(batch));
            run.recycleWal();
            if (!warmed) {
                warmed = true;
                String warm = BenchRun.warmUntilJitSettles(seconds -> Wrk.run(url, clients, seconds, script, env),
                        WARMUP_SECONDS, pid);
                System.out.println(warm);
                warmUp = warm;
            } else {
                Wrk.run(url, clients, WARMUP_SECONDS, script, env);
            }
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread rss = BenchRun.sampleRss(pid, loading, maxRss);
            double serviceCpu = BenchRun.cpuSeconds(pid);
            double postgresCpu = BenchRun.postgresCpuSeconds();
            Wrk.Result result = Wrk.run(url, clients, SECONDS, script, env);
            double decisions = result.requests() * (double) batch;
            serviceCpu = BenchRun.cpuSeconds(pid) - serviceCpu;
            postgresCpu = BenchRun.postgresCpuSeconds() - postgresCpu;
            loading.set(false);
            rss.join();
            run.line(String.format("| %s, %d clients | %.0f | %.1f ms | %.1f ms | %d | %.0f µs | %.0f µs |",
                    batch == 1 ? "one decision per request" : batch + " decisions per batch request", clients,
                    result.requestsPerSecond() * batch, result.p50(), result.p99(), result.non2xx(),
                    serviceCpu / decisions * 1e6, postgresCpu / decisions * 1e6));
        }
        run.line("");
        openLoop(run, maxRss);
        run.line("");
        run.line("Before the first load: " + warmUp + ".");
        run.line(String.format("consent-service RSS, peak under load: %d MiB", maxRss.get() >> 10));
        run.write("consent-results.md");
    }

    /**
     * The question as asked — n decisions per second with p99 ≤ 10 ms — at fixed rates (open loop, latency
     * counted from when each request was due; wrk above is closed loop and cannot show it). Same request mix as
     * decide.lua, one decision per request, at most 128 connections. A {@link StallProbe} runs beside each rate, so
     * the row also says how slow the disk's flushes and the VM's wake-ups were meanwhile.
     */
    private static void openLoop(BenchRun run, AtomicLong maxRss) throws Exception {
        String[] purposes = {"HPAYMT", "HPAYMT", "TREAT", "HOPERAT", "RATE_NEGOTIATION", "HRESCH"};
        java.util.Random random = new java.util.Random(42);
        OpenLoad load = new OpenLoad("localhost", run.stack.settings().consentPort(), "/api/v1/decisions",
                Map.of("Authorization", "Bearer " + token(run)), () -> "{\"subjects\":[{\"type\":\"PATIENT\",\"id\":"
                + "\"pat-bench-" + random.nextInt(SUBJECTS) + "\"}],\"recipient\":{\"id\":\"ins-acme\",\"type\":"
                + "\"INSURER\"},\"categories\":[\"BILLING_CODES\",\"SESSION_DATES\"],\"purpose\":\""
                + purposes[random.nextInt(purposes.length)] + "\"}");
        long pid = run.process("consent-service").pid();
        run.line("Open loop (fixed rate, latency from when each request was due), one decision per request:");
        run.line("");
        run.line("| offered | answered/s | p50 | p90 | p99 | p99.9 | max | non-2xx | consent-service CPU per decision "
                + "| meanwhile: 4 KB fdatasync p99 / max | meanwhile: 1 ms sleep, latest wake-up |");
        run.line("|---|---|---|---|---|---|---|---|---|---|---|");
        run.recycleWal(); // before the idle probe: the loads above wrote several GB of WAL
        try (StallProbe idle = new StallProbe(run.stack.settings().home())) {
            Thread.sleep(SECONDS * 1000L);
            run.line("| none (the stack idle) | – | – | – | – | – | – | – | – | " + idle.stop().cells() + " |");
        }
        for (int rate : new int[]{1_000, 2_000, 3_000, 4_000, 5_000}) {
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread rss = BenchRun.sampleRss(pid, loading, maxRss);
            double serviceCpu = BenchRun.cpuSeconds(pid);
            OpenLoad.Result r;
            StallProbe.Seen seen;
            try (StallProbe probe = new StallProbe(run.stack.settings().home())) {
                r = load.run(rate, SECONDS, 128);
                seen = probe.stop();
            }
            serviceCpu = BenchRun.cpuSeconds(pid) - serviceCpu;
            loading.set(false);
            rss.join();
            run.line(String.format("| %,d/s | %,.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %.0f µs | %s |",
                    rate, r.completedPerSecond(), r.p50(), r.p90(), r.p99(), r.p999(), r.max(), r.non2xx(),
                    serviceCpu / Math.max(1, r.completed()) * 1e6, seen.cells()));
        }
        run.line("");
        floor(run);
    }

    /**
     * The same load generator at the same rates against an endpoint that does no work ({@code /q/health/live} on
     * consent-service, which answers a POST too): the latency this machine and the HTTP path give before a decision
     * is evaluated or kept — the floor under every row above.
     */
    private static void floor(BenchRun run) throws Exception {
        OpenLoad load = new OpenLoad("localhost", run.stack.settings().consentPort(), "/q/health/live", Map.of(),
                () -> "{}");
        run.line("The floor: the same open loop against a no-work endpoint (`/q/health/live`):");
        run.line("");
        run.line("| offered | answered/s | p50 | p90 | p99 | p99.9 | max | non-2xx |");
        run.line("|---|---|---|---|---|---|---|---|");
        for (int rate : new int[]{1_000, 3_000, 5_000}) {
            OpenLoad.Result r = load.run(rate, SECONDS, 128);
            run.line(String.format("| %,d/s | %,.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d |", rate,
                    r.completedPerSecond(), r.p50(), r.p90(), r.p99(), r.p999(), r.max(), r.non2xx()));
        }
    }

    private static String token(BenchRun run) throws java.io.IOException {
        return new OidcTokens(run.stack.settings().realmUrl()).clientCredentials("candor-internal",
                run.stack.secrets().get("client.candor-internal.secret"));
    }

    /** Subjects and their directives, written straight into the consent database (set-based, a few seconds). */
    private static void seed(BenchRun run) throws Exception {
        System.out.printf("Seeding %d subjects × %d directives...%n", SUBJECTS, DIRECTIVES);
        try (Connection c = run.stack.postgres().superuser("consent"); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO directive (id, subject_type, subject_id, kind, created_at)
                    SELECT md5('d' || s || '-' || d)::uuid, 'PATIENT', 'pat-bench-' || s,
                           CASE WHEN mod(d, 3) = 1 THEN 'RESTRICTION' ELSE 'GENERAL_CONSENT' END,
                           now() - interval '400 days' + d * interval '1 minute'
                      FROM generate_series(0, %d) s, generate_series(0, %d) d
                    """.formatted(SUBJECTS - 1, DIRECTIVES - 1));
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO directive_version (id, directive_id, version, status, provisions, text_sha256,
                                                   recorded_at, recorded_by, actor_role)
                    SELECT md5('v' || s || '-' || d)::uuid, md5('d' || s || '-' || d)::uuid, 1, 'ACTIVE',
                           (ARRAY[?, ?, ?])[d % 3 + 1], repeat('0', 64),
                           now() - interval '400 days' + d * interval '1 minute', 'bench', 'PATIENT'
                      FROM generate_series(0, ?) s, generate_series(0, ?) d
                    """)) {
                for (int i = 0; i < 3; i++) {
                    ps.setString(i + 1, PROVISIONS[i]);
                }
                ps.setInt(4, SUBJECTS - 1);
                ps.setInt(5, DIRECTIVES - 1);
                ps.executeUpdate();
            }
            s.execute("ANALYZE");
        }
    }
}
