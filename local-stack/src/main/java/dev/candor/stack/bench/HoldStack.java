package dev.candor.stack.bench;

import dev.candor.devinfra.OidcTokens;

import java.util.Map;

/**
 * Starts the benchmark stack (ports from {@code -Dbench.port-base}, default 29000) and keeps it up until killed, with
 * the limits the benchmarks use, and prints a service token: for profiling by hand (wrk, jcmd JFR.start) without paying
 * a stack start per experiment. {@code bench/hold}.
 */
public final class HoldStack {

    private HoldStack() {
    }

    public static void main(String[] args) throws Exception {
        int portBase = Integer.getInteger("bench.port-base", 29000);
        BenchRun run = BenchRun.start(System.getProperty("bench.name", "hold"), portBase, Map.of(
                "CANDOR_GATEWAY_RATE_LIMIT_PER_CLIENT_PER_SECOND", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_CLIENT_BURST", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_USER_PER_SECOND", "10000000",
                "CANDOR_GATEWAY_RATE_LIMIT_PER_USER_BURST", "10000000"));
        Runtime.getRuntime().addShutdownHook(new Thread(run::close));
        String token = new OidcTokens(run.stack.settings().realmUrl()).clientCredentials("candor-internal",
                run.stack.secrets().get("client.candor-internal.secret"));
        System.out.printf("Stack up: gateway %s, consent-service http://localhost:%d, Keycloak %s%n",
                run.stack.settings().gatewayUrl(), run.stack.settings().consentPort(), run.stack.settings().realmUrl());
        System.out.println("SERVICE_TOKEN=" + token);
        run.stack.processes().forEach(p -> System.out.println(p.name() + " pid " + p.pid()));
        Thread.currentThread().join();
    }
}
