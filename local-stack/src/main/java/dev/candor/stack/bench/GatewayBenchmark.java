package dev.candor.stack.bench;

import dev.candor.devinfra.ManagedProcess;
import dev.candor.devinfra.OidcTokens;
import dev.candor.stack.ApiClient;
import dev.candor.stack.DemoData;
import dev.candor.stack.LocalStack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway benchmark of issue 6: the same request with the same token, straight to the service and through the
 * gateway, side by side in one run on the real stack (wrk). Three parts:
 * <ol>
 *   <li>the load: an authenticated read that does no work ({@code GET /api/v1/policy-profiles}), 64 clients —
 *   added p50, throughput ratio, the gateway's peak RSS, and the CPU time per request of the gateway and the
 *   service. At 64 clients two cores are saturated and p50 is mostly queueing (Little's law: p50 ≈ 64 / rate), so
 *   the "added p50" there is the cost of the gateway's CPU as waiting time, not the latency the gateway adds;</li>
 *   <li>the latency the gateway adds without queueing: the same read at 1 and 8 clients, p50 and p99 each way;</li>
 *   <li>beside them, a control: the same read through {@code bench/BareProxy.java}, a proxy on the gateway's own
 *   Vert.x and Netty that does nothing but relay (no token, route, limits, log or metrics) — the floor under the
 *   gateway's CPU per request and the best ratio any proxy of that build reaches on this machine;</li>
 *   <li>a representative portal read: a patient's own disclosures page from the ledger ({@code GET
 *   /api/v1/disclosures?subject=pat-alice}, a page of {@value #PORTAL_DISCLOSURES} entries, the patient's own
 *   token), 64 clients — where the gateway does all its work (ownership at the edge, an access-log row).</li>
 * </ol>
 * Writes everything to local-stack/target/bench/gateway-results.md. Run with bench/gateway.
 */
public final class GatewayBenchmark {

    static final int CLIENTS = 64;
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 15);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    /** Length of each low-concurrency run (part 2). */
    static final int LOW_SECONDS = Integer.getInteger("bench.low-seconds", 10);
    static final int[] LOW_CLIENTS = {1, 8};
    static final int PORT_BASE = Integer.getInteger("bench.port-base", 26000);
    /** An authenticated read on consent-service that does no database work: what is measured is the path to it. */
    static final String PATH = "/api/v1/policy-profiles";
    /** A patient reading the disclosures about them (portal's main page), one page. */
    static final String PORTAL_PATH = "/api/v1/disclosures?subject=pat-alice";
    static final int PORTAL_DISCLOSURES = 20;

    private final BenchRun run;
    private final LocalStack stack;
    private final OidcTokens tokens;
    private final long gatewayPid;

    GatewayBenchmark(BenchRun run) {
        this.run = run;
        this.stack = run.stack;
        this.tokens = new OidcTokens(stack.settings().realmUrl());
        this.gatewayPid = run.process("gateway").pid();
    }

    public static void main(String[] args) throws Exception {
        // The limiter stays on (its cost is part of the gateway's) with limits this load never reaches.
        try (BenchRun run = BenchRun.start("gateway", PORT_BASE, Map.of(
                "CANDOR_GATEWAY_RATE_LIMIT_PER_CLIENT_PER_SECOND", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_CLIENT_BURST", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_USER_PER_SECOND", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_USER_BURST", "10000000"))) {
            new GatewayBenchmark(run).run();
        }
    }

    /** One wrk run and the CPU time (user + system) the gateway and the service spent on it, per request. */
    private record Measured(Wrk.Result wrk, double gatewayMicros, double serviceMicros) {
    }

    private Measured measure(String url, int clients, int seconds, Path script, String token, long servicePid)
            throws IOException, InterruptedException {
        return measure(url, clients, seconds, script, token, gatewayPid, servicePid);
    }

    /** The same, with the CPU time of {@code proxyPid} (the gateway or the control proxy) in the proxy's column. */
    private Measured measure(String url, int clients, int seconds, Path script, String token, long proxyPid,
                             long servicePid) throws IOException, InterruptedException {
        double proxy = BenchRun.cpuSeconds(proxyPid);
        double service = BenchRun.cpuSeconds(servicePid);
        Wrk.Result result = Wrk.run(url, 2, clients, seconds, script, Map.of("TOKEN", token));
        double requests = Math.max(1, result.requests());
        return new Measured(result, (BenchRun.cpuSeconds(proxyPid) - proxy) / requests * 1e6,
                (BenchRun.cpuSeconds(servicePid) - service) / requests * 1e6);
    }

    /** Starts the control proxy (bench/BareProxy.java) on the gateway's class path, in front of consent-service. */
    private ManagedProcess startBareProxy(int port) throws IOException, InterruptedException {
        Path repository = Path.of(System.getProperty("candor.repo", ".")).toAbsolutePath().normalize();
        Path source = run.script("BareProxy.java");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = repository.resolve("gateway/target/quarkus-app/lib/main").toString() + "/*";
        ManagedProcess proxy = ManagedProcess.start("bare-proxy", List.of(java, "-Xmx128m", "-cp", classPath,
                        source.toString(), Integer.toString(port), Integer.toString(stack.settings().consentPort())),
                Map.of(), run.work, run.work.resolve("bare-proxy.log"));
        proxy.awaitHealthy("http://localhost:" + port + "/q/health/live", Duration.ofMinutes(1));
        return proxy;
    }

    void run() throws Exception {
        String direct = "http://localhost:" + stack.settings().consentPort() + PATH;
        String viaGateway = stack.settings().gatewayUrl() + PATH;
        Path script = run.script("get.lua");
        ManagedProcess gateway = run.process("gateway");
        long consentPid = run.process("consent-service").pid();
        try (ManagedProcess bare = startBareProxy(PORT_BASE + 90)) {
            run(direct, viaGateway, "http://localhost:" + (PORT_BASE + 90) + PATH, bare.pid(), script, gateway,
                    consentPid);
        }
        lowConcurrency(direct, viaGateway, script);
        portalRead(script);
        run.write("gateway-results.md");
    }

    private void run(String direct, String viaGateway, String viaBare, long barePid, Path script,
                     ManagedProcess gateway, long consentPid) throws Exception {
        run.line("# gateway benchmark, " + LocalDate.now());
        run.line("");
        run.line("Machine: " + run.machine() + "; wrk -t2 -c" + CLIENTS + " on the same machine; GET " + PATH + " with one discloser token (client credentials),"
                + " straight to consent-service and through the gateway; " + ROUNDS + " rounds of " + SECONDS
                + " s each way after an unmeasured warm-up each way, in rounds of " + WARMUP_SECONDS
                + " s until the JIT compilers of the processes on that way had settled.");
        run.line("");
        // A token per warm-up round: all rounds together may outlast one. Direct first, so that consent-service
        // is compiled before the gateway's rounds, which then wait for the gateway's own compiler.
        String warmedDirect = BenchRun.warmUntilJitSettles(seconds -> Wrk.run(direct, CLIENTS, seconds, script,
                Map.of("TOKEN", token())), WARMUP_SECONDS, consentPid);
        String warmedGateway = BenchRun.warmUntilJitSettles(seconds -> Wrk.run(viaGateway, CLIENTS, seconds, script,
                Map.of("TOKEN", token())), WARMUP_SECONDS, gateway.pid(), consentPid);
        String warmedControl = BenchRun.warmUntilJitSettles(seconds -> Wrk.run(viaBare, CLIENTS, seconds, script,
                Map.of("TOKEN", token())), WARMUP_SECONDS, barePid, consentPid);
        run.line("Warm-up: direct " + warmedDirect + "; through the gateway " + warmedGateway + "; through the control "
                + warmedControl + ".");
        run.line("");
        run.line("| round | direct req/s | direct p50 / p99 ms | gateway req/s | gateway p50 / p99 ms | added p50 ms |"
                + " throughput ratio | non-2xx (direct / gateway) |");
        run.line("|---|---|---|---|---|---|---|---|");
        AtomicLong peakRss = new AtomicLong();
        double bestRatio = 0;
        double bestAdded = Double.MAX_VALUE;
        double bestControl = 0;
        Wrk.Result lastGateway = null;
        List<String> cpuRows = new ArrayList<>();
        List<String> controlRows = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            String token = token(); // the same token both ways
            Measured dm = measure(direct, CLIENTS, SECONDS, script, token, consentPid);
            Wrk.Result d = dm.wrk();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread rss = BenchRun.sampleRss(gateway.pid(), loading, peakRss);
            Measured gm = measure(viaGateway, CLIENTS, SECONDS, script, token, consentPid);
            Wrk.Result g = gm.wrk();
            loading.set(false);
            rss.join();
            lastGateway = g;
            double added = g.p50() - d.p50();
            double ratio = g.requestsPerSecond() / d.requestsPerSecond();
            bestRatio = Math.max(bestRatio, ratio);
            bestAdded = Math.min(bestAdded, added);
            run.line(String.format("| %d | %.0f | %.2f / %.2f | %.0f | %.2f / %.2f | %.2f | %.2f | %d / %d |", round,
                    d.requestsPerSecond(), d.p50(), d.p99(), g.requestsPerSecond(), g.p50(), g.p99(), added, ratio,
                    d.non2xx() + d.socketErrors(), g.non2xx() + g.socketErrors()));
            Measured bm = measure(viaBare, CLIENTS, SECONDS, script, token, barePid, consentPid);
            controlRows.add(String.format("| %d | %.0f | %.0f | %.0f | **%.2f** | %.2f | %d |", round,
                    bm.wrk().requestsPerSecond(), bm.gatewayMicros(), bm.serviceMicros(),
                    bm.wrk().requestsPerSecond() / d.requestsPerSecond(), ratio,
                    bm.wrk().non2xx() + bm.wrk().socketErrors()));
            bestControl = Math.max(bestControl, bm.wrk().requestsPerSecond() / d.requestsPerSecond());
            cpuRows.add(String.format("| %d | %.0f | %.0f | %.0f | %.2f | %.1f / %.1f |", round, dm.serviceMicros(),
                    gm.serviceMicros(), gm.gatewayMicros(), gm.gatewayMicros() / gm.serviceMicros(),
                    CLIENTS / d.requestsPerSecond() * 1000, CLIENTS / g.requestsPerSecond() * 1000));
        }
        run.line("");
        run.line(String.format("Best round: added p50 %.2f ms (target ≤ 1 ms), throughput %.0f%% of direct (target ≥ 70%%);"
                + " gateway RSS peak %d MiB under load (target ≤ 300 MiB). The control proxy's best: %.0f%% of direct.",
                bestAdded, bestRatio * 100, peakRss.get() >> 10, bestControl * 100));
        run.line("");
        run.line("At 64 clients both cores are saturated, so p50 is queueing: by Little's law p50 ≈ 64 / throughput"
                + " (last column). The \"added p50\" above is therefore the gateway's CPU per request seen as waiting"
                + " time; the latency the gateway itself adds is measured without queueing below. CPU time per"
                + " request of each process in those rounds (/proc/<pid>/stat, user + system, over the whole run):");
        run.line("");
        run.line("| round | consent-service µs/req, direct | consent-service µs/req, behind the gateway |"
                + " gateway µs/req | gateway / service | 64 / rate ms, direct / gateway |");
        run.line("|---|---|---|---|---|---|");
        cpuRows.forEach(run::line);
        run.line("");
        run.line("Control, right after each gateway round with the same token: the same read through bench/BareProxy.java,"
                + " a proxy on the gateway's own Vert.x and Netty that only relays (no token, route, limits, access log"
                + " or metrics). Its ratio is the best a proxy of that build reaches here, with load generator, proxy"
                + " and service sharing the two cores:");
        run.line("");
        run.line("| round | bare proxy req/s | bare proxy µs/req | consent-service µs/req behind it |"
                + " bare proxy / direct | gateway / direct (same round) | non-2xx |");
        run.line("|---|---|---|---|---|---|---|");
        controlRows.forEach(run::line);
        run.line("");
        run.line("Raw wrk output of the last gateway run at 64 clients (" + PATH + "):");
        run.line("```");
        run.line(lastGateway.raw().strip());
        run.line("```");
        run.line("");
    }

    /** Part 2: the latency the gateway adds when requests do not queue for the CPU. */
    private void lowConcurrency(String direct, String viaGateway, Path script) throws Exception {
        run.line("## Added latency without queueing: GET " + PATH + ", " + LOW_SECONDS + " s each way");
        run.line("");
        run.line("| clients | direct req/s | direct p50 / p99 ms | gateway req/s | gateway p50 / p99 ms |"
                + " added p50 / p99 ms | added mean ms (clients / rate) |");
        run.line("|---|---|---|---|---|---|---|");
        for (int clients : LOW_CLIENTS) {
            String token = token();
            Wrk.Result d = Wrk.run(direct, 2, clients, LOW_SECONDS, script, Map.of("TOKEN", token));
            Wrk.Result g = Wrk.run(viaGateway, 2, clients, LOW_SECONDS, script, Map.of("TOKEN", token));
            run.line(String.format("| %d | %.0f | %.3f / %.3f | %.0f | %.3f / %.3f | **%.3f** / %.3f | %.3f |",
                    clients, d.requestsPerSecond(), d.p50(), d.p99(), g.requestsPerSecond(), g.p50(), g.p99(),
                    g.p50() - d.p50(), g.p99() - d.p99(),
                    clients * 1000 / g.requestsPerSecond() - clients * 1000 / d.requestsPerSecond()));
        }
        run.line("");
        run.line("This is the target's \"added p50 ≤ 1 ms\" in the sense of latency the gateway adds to a request;"
                + " at 1 client nothing queues, at 8 little does (wrk shares the two cores).");
        run.line("");
    }

    /** Part 3: a patient's own disclosures page, straight to the ledger and through the gateway, same token. */
    private void portalRead(Path script) throws Exception {
        ApiClient api = new ApiClient(stack.settings().gatewayUrl());
        String billing = token();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < PORTAL_DISCLOSURES; i++) {
            api.post("/api/v1/disclosures", billing, DemoData.claim(now.minus(i + 1, ChronoUnit.DAYS))).expect(201);
        }
        String alice = tokens.password("candor-portal", "alice", "alice");
        String direct = "http://localhost:" + stack.settings().ledgerPort() + PORTAL_PATH;
        String viaGateway = stack.settings().gatewayUrl() + PORTAL_PATH;
        int items = new ApiClient(stack.settings().gatewayUrl()).get(PORTAL_PATH, alice).expect(200).json()
                .path("items").size();
        if (items != PORTAL_DISCLOSURES) {
            throw new IllegalStateException("Alice's page holds " + items + " disclosures, not " + PORTAL_DISCLOSURES);
        }
        long ledgerPid = run.process("disclosure-ledger").pid();
        run.line("## A portal read: GET " + PORTAL_PATH + " with patient Alice's token (password grant), " + CLIENTS
                + " clients");
        run.line("");
        run.line("A page of " + items + " disclosures from the ledger (one indexed query). Through the gateway this is"
                + " a read of a subject's data: ownership checked at the edge and a row in the access log for every"
                + " request. Warmed up each way until the JIT compilers had settled, then " + SECONDS
                + " s each way.");
        run.line("");
        BenchRun.warmUntilJitSettles(seconds -> Wrk.run(direct, CLIENTS, seconds, script,
                Map.of("TOKEN", tokens.password("candor-portal", "alice", "alice"))), WARMUP_SECONDS, ledgerPid);
        BenchRun.warmUntilJitSettles(seconds -> Wrk.run(viaGateway, CLIENTS, seconds, script,
                Map.of("TOKEN", tokens.password("candor-portal", "alice", "alice"))), WARMUP_SECONDS,
                run.process("gateway").pid(), ledgerPid);
        alice = tokens.password("candor-portal", "alice", "alice"); // fresh: the warm-up may outlast a token
        Measured dm = measure(direct, CLIENTS, SECONDS, script, alice, ledgerPid);
        Measured gm = measure(viaGateway, CLIENTS, SECONDS, script, alice, ledgerPid);
        Wrk.Result d = dm.wrk();
        Wrk.Result g = gm.wrk();
        run.line("| direct req/s | direct p50 / p99 ms | gateway req/s | gateway p50 / p99 ms | throughput ratio |"
                + " ledger µs/req direct / behind | gateway µs/req | non-2xx (direct / gateway) |");
        run.line("|---|---|---|---|---|---|---|---|");
        run.line(String.format("| %.0f | %.2f / %.2f | %.0f | %.2f / %.2f | **%.2f** | %.0f / %.0f | %.0f | %d / %d |",
                d.requestsPerSecond(), d.p50(), d.p99(), g.requestsPerSecond(), g.p50(), g.p99(),
                g.requestsPerSecond() / d.requestsPerSecond(), dm.serviceMicros(), gm.serviceMicros(),
                gm.gatewayMicros(), d.non2xx() + d.socketErrors(), g.non2xx() + g.socketErrors()));
        run.line("");
    }

    private String token() throws IOException {
        return tokens.clientCredentials("carebridge-billing",
                stack.secrets().get("client.carebridge-billing.secret"));
    }
}
