package dev.candor.stack.bench;

import dev.candor.devinfra.OidcTokens;
import dev.candor.stack.DemoData;
import dev.candor.stack.LocalStack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The report benchmark of issue 5, on the real stack: a patient with 10,000 disclosures → a signed JSON report
 * (target ≤ 1 s; report-service runs with -Xmx256m as in the local stack, so a report needing more heap would fail),
 * and a platform-wide report over 1,000,000 entries (target ≤ 10 s). Prints the numbers and writes them to
 * local-stack/target/bench/report-results.md. The PDF of the same patient is timed too (target ≤ 3 s). Run with
 * bench/reports.
 */
public final class ReportBenchmark {

    static final String PATIENT = "pat-bench-report";
    static final int PATIENT_DISCLOSURES = Integer.getInteger("bench.patient-disclosures", 10_000);
    static final long TOTAL_ENTRIES = Long.getLong("bench.entries", 1_000_000L);
    static final int RUNS = 5;

    private final LocalStack stack;
    /** The machine line of {@link BenchRun#machine()}: cores, CPU, PostgreSQL's settings and file system. */
    private final String machine;
    private final OidcTokens tokens;
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder results = new StringBuilder();

    ReportBenchmark(LocalStack stack, String machine) {
        this.stack = stack;
        this.machine = machine;
        this.tokens = new OidcTokens(stack.settings().realmUrl());
    }

    public static void main(String[] args) throws Exception {
        // ports from bench.port-base (+80 gateway, +81…+83 services, +180 Keycloak), so runs beside others' builds
        try (BenchRun run = BenchRun.start("reports", Integer.getInteger("bench.port-base", 27000))) {
            ReportBenchmark bench = new ReportBenchmark(run.stack, run.machine());
            bench.run();
            Files.writeString(run.resultsFile("report-results.md"), bench.results);
            System.out.println("\nWritten to " + run.resultsFile("report-results.md"));
        }
    }

    void run() throws Exception {
        String ledger = "http://localhost:" + stack.settings().ledgerPort();
        String reports = "http://localhost:" + stack.settings().reportPort();
        line("# report benchmark, " + LocalDate.now() + " — " + machine + "; report-service -Xmx256m");
        line("");
        long existing = Boolean.getBoolean("bench.reuse") ? signedSize(ledger) : 0;
        if (existing >= TOTAL_ENTRIES) {
            line("| loading | none: the log the last run filled was reused (BENCH_REUSE=1), " + existing + " entries |");
        } else {
            long start = System.nanoTime();
            load(ledger, PATIENT_DISCLOSURES, 1, PATIENT);
            line(String.format("| loading %d disclosures about %s (batches of 1000, 1 client) | %.0f s |",
                    PATIENT_DISCLOSURES, PATIENT, (System.nanoTime() - start) / 1e9));
            start = System.nanoTime();
            long others = Math.max(0, TOTAL_ENTRIES - PATIENT_DISCLOSURES);
            load(ledger, others, 4, null);
            line(String.format("| loading %d more entries (batches of 1000, 4 clients) | %.0f s |", others,
                    (System.nanoTime() - start) / 1e9));
        }
        long size = LedgerBenchmark.awaitIntegrated(ledger, TOTAL_ENTRIES);
        line("| log size when measured | " + size + " |");

        String today = LocalDate.now().plusDays(1).toString();
        String from = LocalDate.now().minusYears(1).toString();
        measure("signed JSON patient report, " + PATIENT_DISCLOSURES + " disclosures (regulator pull, recorded as"
                        + " OVERSIGHT)", reports + "/api/v1/reports/patients/" + PATIENT + "?from=" + from + "&to=" + today,
                1.0);
        measure("signed PDF patient report, " + PATIENT_DISCLOSURES + " disclosures", reports
                + "/api/v1/reports/patients/" + PATIENT + "?format=pdf&from=" + from + "&to=" + today, 3.0);
        line("| report-service heap used after the patient reports (jvm_memory_used_bytes, heap) | "
                + heapUsedMiB(reports) + " MiB of 256 MiB max |");
        measure("signed JSON platform-wide report over " + size + " entries", reports
                + "/api/v1/reports/platform?from=" + from + "&to=" + today, 10.0);
        measure("platform-wide report as CSV", reports + "/api/v1/reports/platform?format=csv&from=" + from
                + "&to=" + today, 10.0);
        line("| report-service heap used after the runs (jvm_memory_used_bytes, heap) | "
                + heapUsedMiB(reports) + " MiB of 256 MiB max |");
    }

    private void measure(String what, String url, double targetSeconds) throws Exception {
        // Steady state, as in the other benchmarks: the report is asked for in rounds until the JIT compilers of
        // report-service and the ledger have settled (a fresh service spends tens of CPU seconds compiling).
        String warm = BenchRun.warmUntilJitSettles(roundSeconds -> {
            String token = rita();
            long until = System.nanoTime() + roundSeconds * 1_000_000_000L;
            while (System.nanoTime() < until) {
                fetch(what, url, token);
            }
        }, 15, pid("report-service"), pid("disclosure-ledger"));
        String token = rita();
        List<Double> seconds = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            bytes = fetch(what, url, token);
            seconds.add((System.nanoTime() - t) / 1e9);
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        line(String.format("| %s | median %.2f s, max %.2f s (first %.2f s), %d KiB; target ≤ %.0f s: %s (%s) |",
                what, sorted.get(RUNS / 2), sorted.get(RUNS - 1), seconds.get(0), bytes >> 10, targetSeconds,
                sorted.get(RUNS / 2) <= targetSeconds ? "met" : "NOT met", warm));
    }

    /** One report; its size in bytes. */
    private long fetch(String what, String url, String token) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + ": " + response.statusCode() + " " + new String(response.body()));
        }
        return response.body().length;
    }

    /** A fresh token for the regulator (Keycloak's access tokens are short-lived; warm-up rounds take minutes). */
    private String rita() throws Exception {
        return tokens.password("candor-portal", "rita", "rita");
    }

    private long pid(String service) {
        return stack.processes().stream().filter(p -> p.name().equals(service)).findFirst().orElseThrow().pid();
    }

    /** The latest signed tree size (0 before the first checkpoint). */
    private long signedSize(String ledger) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ledger + "/api/v1/log/checkpoint"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Long.parseLong(response.body().lines().skip(1).findFirst().orElse("0"))
                : 0;
    }

    /** Appends {@code count} claims in batches of 1000: about {@code patient}, or spread over 97 patients. */
    private void load(String ledger, long count, int clients, String patient) throws Exception {
        String secret = stack.secrets().get("client.carebridge-billing.secret");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong left = new AtomicLong(count);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            workers.add(pool.submit(() -> {
                String token = tokens.clientCredentials("carebridge-billing", secret);
                long tokenAt = System.nanoTime();
                long n;
                while ((n = Math.min(1000, left.getAndAdd(-1000))) > 0) {
                    if (System.nanoTime() - tokenAt > 200_000_000_000L) {
                        token = tokens.clientCredentials("carebridge-billing", secret);
                        tokenAt = System.nanoTime();
                    }
                    LedgerBenchmark.postBatch(http, ledger, token, batch((int) n, patient));
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
    }

    private static String batch(int entries, String patient) {
        StringBuilder body = new StringBuilder("{\"entries\": [");
        Instant occurredAt = Instant.now().minusSeconds(3600);
        for (int i = 0; i < entries; i++) {
            body.append(i == 0 ? "" : ",").append(DemoData.claim(occurredAt)
                    .replace("pat-alice", patient != null ? patient : "pat-bench-" + (i % 97)));
        }
        return body.append("]}").toString();
    }

    private long heapUsedMiB(String reports) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(reports + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double used = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        return (long) (used / (1 << 20));
    }

    private void line(String text) {
        System.out.println(text);
        results.append(text).append('\n');
    }
}
