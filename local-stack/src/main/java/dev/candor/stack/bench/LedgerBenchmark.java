package dev.candor.stack.bench;

import dev.candor.devinfra.ManagedProcess;
import dev.candor.devinfra.OidcTokens;
import dev.candor.stack.ApiClient;
import dev.candor.stack.DemoData;
import dev.candor.stack.LocalStack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The disclosure-ledger benchmark of issue 3, on the full path: the real stack (durable PostgreSQL with fsync and
 * synchronous commit on, Keycloak tokens, consent-service decisions), load from wrk on the same machine.
 * Prints the numbers and writes them to local-stack/target/bench/ledger-results.md. Run with bench/ledger.
 */
public final class LedgerBenchmark {

    static final int CLIENTS = 64;
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final long TARGET_ENTRIES = Long.getLong("bench.entries", 1_000_000L);
    /** Each load runs this long first, unmeasured: the services' JIT needs it (cold numbers are 5-10x worse). */
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 15);
    /** Ports from here (+81…+83 services, +180 Keycloak): engineers sharing a machine each pass their own. */
    static final int PORT_BASE = Integer.getInteger("bench.port-base", 28000);
    /** A directory: the ledger then records a JFR profile of each measured append load there. */
    static final String JFR_DIR = System.getProperty("bench.jfr", "");

    private final BenchRun run;
    private final LocalStack stack;
    private final Path work;

    LedgerBenchmark(BenchRun run) {
        this.run = run;
        this.stack = run.stack;
        this.work = run.work;
    }

    public static void main(String[] args) throws Exception {
        // On a loaded machine Keycloak answers the services' first OIDC discovery slowly: let them retry a minute.
        try (BenchRun run = BenchRun.start("ledger", PORT_BASE, Map.of("QUARKUS_OIDC_CONNECTION_DELAY", "60s"))) {
            new LedgerBenchmark(run).run();
        }
    }

    void run() throws Exception {
        run.line("# disclosure-ledger benchmark, " + LocalDate.now());
        run.line("");
        run.line("Machine: " + run.machine() + "; " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB launcher heap; each load measured " + SECONDS + " s after " + WARMUP_SECONDS
                + " s of unmeasured warm-up.");
        run.line("");
        String ledger = "http://localhost:" + stack.settings().ledgerPort();
        Path post = run.script("post.lua");
        Path proofs = run.script("proofs.lua");
        Path single = work.resolve("single.json");
        Files.writeString(single, DemoData.claim(Instant.now().minusSeconds(3600)));
        Path batch = work.resolve("batch.json");
        Files.writeString(batch, batchBody(1000));

        double raw = rawInserts(SECONDS);
        run.line(String.format("| raw single-row INSERTs, %d JDBC threads, autocommit | %.0f rows/s |", CLIENTS, raw));

        long[] jvms = {run.process("disclosure-ledger").pid(), run.process("consent-service").pid()};
        run.recycleWal();
        String warmUp = BenchRun.warmUntilJitSettles(seconds -> Wrk.run(ledger + "/api/v1/disclosures", CLIENTS,
                seconds, post, Map.of("BODY_FILE", single.toString(), "TOKEN", token())), WARMUP_SECONDS, jvms);
        run.line("| before the single-append load (ledger and consent-service) | " + warmUp + " |");
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Double> toCheckpoint = Collections.synchronizedList(new ArrayList<>());
        AtomicLong maxRss = new AtomicLong();
        ManagedProcess ledgerProcess = stack.processes().stream()
                .filter(p -> p.name().equals("disclosure-ledger")).findFirst().orElseThrow();
        Thread probe = new Thread(() -> probeCheckpointLatency(ledger, loading, toCheckpoint));
        Thread rss = BenchRun.sampleRss(ledgerProcess.pid(), loading, maxRss);
        probe.start();
        CpuSample cpu = new CpuSample();
        jfr(ledgerProcess.pid(), "JFR.start", "name=bench", "settings=profile");
        Wrk.Result appends = Wrk.run(ledger + "/api/v1/disclosures", CLIENTS, SECONDS, post,
                Map.of("BODY_FILE", single.toString(), "TOKEN", token()));
        jfr(ledgerProcess.pid(), "JFR.stop", "name=bench", "filename=" + JFR_DIR + "/ledger-single-appends.jfr");
        String appendCpu = cpu.perEntry(appends.requests());
        loading.set(false);
        probe.join();
        rss.join();
        List<Double> sorted = toCheckpoint.stream().sorted().toList();
        run.line(String.format("| single-entry appends over HTTP, %d clients (auth + decision + commit) | %.0f /s, "
                        + "p50 %.1f ms, p99 %.1f ms, non-2xx %d, socket errors %d |", CLIENTS,
                appends.requestsPerSecond(), appends.p50(), appends.p99(), appends.non2xx(), appends.socketErrors()));
        run.line("| CPU per single append (includes the ?wait=true probe's appends) | " + appendCpu + " |");
        run.line(String.format("| ratio appends / raw INSERTs | %.2f |", appends.requestsPerSecond() / raw));
        run.line(String.format("| append → covered by a signed checkpoint, under that load (%d samples) | p50 %.0f ms,"
                + " p99 %.0f ms |", sorted.size(), BenchRun.percentile(sorted, 50), BenchRun.percentile(sorted, 99)));

        run.recycleWal();
        Wrk.run(ledger + "/api/v1/disclosures/batch", 8, WARMUP_SECONDS, post,
                Map.of("BODY_FILE", batch.toString(), "TOKEN", token()));
        AtomicBoolean batching = new AtomicBoolean(true);
        Thread rss2 = BenchRun.sampleRss(ledgerProcess.pid(), batching, maxRss);
        StatementStats statements = new StatementStats(stack);
        statements.reset();
        CpuSample batchCpu = new CpuSample();
        jfr(ledgerProcess.pid(), "JFR.start", "name=bench", "settings=profile");
        Wrk.Result batches = Wrk.run(ledger + "/api/v1/disclosures/batch", 8, SECONDS, post,
                Map.of("BODY_FILE", batch.toString(), "TOKEN", token()));
        jfr(ledgerProcess.pid(), "JFR.stop", "name=bench", "filename=" + JFR_DIR + "/ledger-batch-appends.jfr");
        String entryCpu = batchCpu.perEntry(batches.requests() * 1000);
        batching.set(false);
        rss2.join();
        run.line(String.format("| batch appends (1000 per request), 8 clients | %.0f entries/s, p99 %.0f ms per batch,"
                + " non-2xx %d |", batches.requestsPerSecond() * 1000, batches.p99(), batches.non2xx()));
        run.line("| CPU per batched entry | " + entryCpu + " |");
        run.line(String.format("| ledger RSS, peak during the loads above | %d MiB |", maxRss.get() >> 10));
        List<String> byStatement = statements.top("COPY entry (", 12);
        if (!byStatement.isEmpty()) {
            run.line("");
            run.line("PostgreSQL's statements during the batch load (pg_stat_statements; execution time is wall time in"
                    + " the backend, waits included), per entry stored:");
            run.line("");
            byStatement.forEach(run::line);
            run.line("");
        }

        if (TARGET_ENTRIES > 0) { // BENCH_ENTRIES=0: appends only, no fill and no proofs
            long filled = fillTo(ledger, TARGET_ENTRIES);
            long treeSize = awaitIntegrated(ledger, filled);
            Wrk.run(ledger + "/", 16, WARMUP_SECONDS, proofs,
                    Map.of("TREE_SIZE", Long.toString(treeSize), "TOKEN", token()));
            proofRows(ledger, proofs, treeSize, new int[] {1}, "right after the fill");
            // Then as a log of that size usually is: PostgreSQL done vacuuming the fill's million rows, the ledger's
            // proof path compiled (in the run above both still take CPU beside the proofs).
            String vacuum = BenchRun.awaitAutovacuumQuiet(70, 900);
            String warm = BenchRun.warmUntilJitSettles(seconds -> Wrk.run(ledger + "/", 4, seconds, proofs,
                    Map.of("TREE_SIZE", Long.toString(treeSize), "TOKEN", token())), WARMUP_SECONDS, jvms[0]);
            run.line("| before the steady-state proofs | " + vacuum + "; " + warm + " |");
            // The latency a verifier sees (1 and 4 clients: the ledger not saturated) and the rate at saturation
            // (16 clients on two cores: there p99 is mostly queueing — 16 / rate is the mean wait).
            proofRows(ledger, proofs, treeSize, new int[] {1, 4, 16}, "steady state");
        }
        run.line("");
        run.line("Raw wrk output of the single-append run:");
        run.line("```");
        run.line(appends.raw().strip());
        run.line("```");
        run.write("ledger-results.md");
    }

    private void proofRows(String ledger, Path proofs, long treeSize, int[] clientCounts, String when)
            throws Exception {
        for (int clients : clientCounts) {
            Wrk.Result proof = Wrk.run(ledger + "/", clients, SECONDS, proofs,
                    Map.of("TREE_SIZE", Long.toString(treeSize), "TOKEN", token()));
            run.line(String.format("| inclusion + consistency proofs, tree of %d, %d client%s, %s | %.0f /s,"
                            + " p50 %.2f ms, p99 %.2f ms, non-2xx %d |", treeSize, clients, clients == 1 ? "" : "s",
                    when, proof.requestsPerSecond(), proof.p50(), proof.p99(), proof.non2xx()));
        }
    }

    /**
     * CPU time used since construction by the ledger, consent-service and PostgreSQL, per entry appended: less
     * sensitive than a rate to other work on a shared machine.
     */
    private final class CpuSample {
        final long ledgerPid = run.process("disclosure-ledger").pid();
        final long consentPid = run.process("consent-service").pid();
        final double ledger0 = BenchRun.cpuSeconds(ledgerPid);
        final double consent0 = BenchRun.cpuSeconds(consentPid);
        final double postgres0 = BenchRun.postgresCpuSeconds();

        String perEntry(long entries) {
            double n = Math.max(1, entries);
            return String.format("ledger %.0f µs, consent-service %.0f µs, PostgreSQL %.0f µs",
                    (BenchRun.cpuSeconds(ledgerPid) - ledger0) / n * 1e6,
                    (BenchRun.cpuSeconds(consentPid) - consent0) / n * 1e6,
                    (BenchRun.postgresCpuSeconds() - postgres0) / n * 1e6);
        }
    }

    /** A jcmd JFR command to the ledger's JVM, when -Dbench.jfr names a directory; the profile says where time goes. */
    private static void jfr(long pid, String... command) throws IOException, InterruptedException {
        if (JFR_DIR.isEmpty()) {
            return;
        }
        Files.createDirectories(Path.of(JFR_DIR));
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private String token() throws IOException {
        return new OidcTokens(stack.settings().realmUrl()).clientCredentials("carebridge-billing",
                stack.secrets().get("client.carebridge-billing.secret"));
    }

    /** The baseline: single-row autocommit INSERTs from as many threads as HTTP clients, same PostgreSQL. */
    private double rawInserts(int seconds) throws Exception {
        stack.postgres().ensureDatabase("bench", "bench", "bench");
        try (Connection c = stack.postgres().superuser("bench"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS raw_insert (id bigserial PRIMARY KEY, payload text NOT NULL)");
        }
        String payload = DemoData.claim(Instant.now());
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CLIENTS; i++) {
            workers.add(pool.submit(() -> {
                try (Connection c = stack.postgres().superuser("bench");
                     PreparedStatement ps = c.prepareStatement("INSERT INTO raw_insert (payload) VALUES (?)")) {
                    while (System.nanoTime() < end) {
                        ps.setString(1, payload);
                        ps.executeUpdate();
                        rows.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return rows.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Appends with ?wait=true, one after another while the load runs: time until a checkpoint covers each. */
    private void probeCheckpointLatency(String ledger, AtomicBoolean loading, List<Double> samples) {
        try {
            ApiClient api = new ApiClient(ledger);
            String token = token();
            Thread.sleep(2000); // let the load ramp up
            while (loading.get()) {
                long start = System.nanoTime();
                ApiClient.Answer answer = api.post("/api/v1/disclosures?wait=true", token,
                        DemoData.claim(Instant.now().minusSeconds(60)));
                if (answer.status() == 201 && answer.json().path("integrated").asBoolean()) {
                    samples.add((System.nanoTime() - start) / 1e6);
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            System.err.println("checkpoint probe failed: " + e);
        }
    }

    /** Tops the log up to {@code target} entries with batch appends; returns the number of entries. */
    private long fillTo(String ledger, long target) throws Exception {
        long have = entries();
        System.out.printf("Filling the log from %d to %d entries...%n", have, target);
        String body = batchBody(1000);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong sent = new AtomicLong(have);
        long deadline = System.nanoTime() + Long.getLong("bench.fill-minutes", 8) * 60_000_000_000L;
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(pool.submit(() -> {
                String token = token();
                long tokenAt = System.nanoTime();
                while (sent.addAndGet(1000) <= target + 999 && System.nanoTime() < deadline) {
                    if (System.nanoTime() - tokenAt > 200_000_000_000L) {
                        token = token();
                        tokenAt = System.nanoTime();
                    }
                    postBatch(http, ledger, token, body);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        long filled = entries();
        double seconds = (System.nanoTime() - deadline) / 1e9 + Long.getLong("bench.fill-minutes", 8) * 60;
        run.line(String.format("| filling with batch appends, 4 clients (a second batch measurement) | %d entries in"
                + " %.0f s = %.0f entries/s%s |", filled - have, seconds, (filled - have) / seconds,
                filled < target ? " — stopped at the time limit before " + target : ""));
        return filled;
    }

    /** Appends one batch through the ledger's HTTP API; anything but 201 stops the benchmark. */
    static void postBatch(HttpClient http, String ledger, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(ledger + "/api/v1/disclosures/batch"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("batch failed: " + response.statusCode() + response.body());
        }
    }

    static long awaitIntegrated(String ledger, long entries) throws Exception {
        System.out.printf("Waiting for the integrator to cover %d entries...%n", entries);
        long start = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            String note = http.send(HttpRequest.newBuilder(URI.create(ledger + "/api/v1/log/checkpoint")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long size = Long.parseLong(note.lines().skip(1).findFirst().orElse("0"));
            if (size >= entries) {
                System.out.printf("Integrated in %.1f s after the last append.%n", (System.nanoTime() - start) / 1e9);
                return size;
            }
            Thread.sleep(500);
        }
    }

    private long entries() throws Exception {
        try (Connection c = stack.postgres().superuser("ledger"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT next_index FROM log_counter")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A nightly claims export: 1000 claims of one run, about 97 different patients. */
    private static String batchBody(int entries) {
        StringBuilder body = new StringBuilder("{\"entries\": [");
        Instant occurredAt = Instant.now().minusSeconds(3600);
        for (int i = 0; i < entries; i++) {
            body.append(i == 0 ? "" : ",").append(DemoData.claim(occurredAt)
                    .replace("pat-alice", "pat-bench-" + (i % 97)));
        }
        return body.append("]}").toString();
    }
}
