package dev.candor.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "candor.gateway")
public interface GatewayConfig {

    /** Upstream services by name: consent, ledger, report. */
    Map<String, Upstream> upstreams();

    /** Largest request body accepted, in bytes. */
    @WithDefault("1048576")
    long maxRequestBody();

    /**
     * How long a client may take to send a request's body once its head has come; a slower one gets a 408 and its
     * connection is closed, so a body trickled a byte at a time cannot hold a connection (and its buffer) for long.
     */
    @WithDefault("20s")
    Duration requestBodyTimeout();

    /**
     * The portal origins allowed by CORS (comma-separated); {@code quarkus.http.cors.origins} is set from this, so
     * no other origin's page can call the API from a browser.
     */
    List<String> portalOrigins();

    /** Token buckets per client (the token's {@code azp}) and per user (its {@code sub}). */
    RateLimits rateLimit();

    interface Upstream {
        /** Base URL, e.g. http://consent-service:8081. */
        String url();

        /** How long the upstream may stay silent (no headers, no body bytes) before the caller gets a 504. */
        @WithDefault("10s")
        Duration timeout();

        /** Consecutive failures (no connection, timeout, 502/503/504) that open this upstream's circuit. */
        @WithDefault("5")
        int failuresToOpen();

        /** How long an open circuit answers 503 at once before one trial request may pass again. */
        @WithDefault("10s")
        Duration openFor();
    }

    interface RateLimits {
        /** Off only for experiments; the benchmark raises the limits instead. */
        @WithDefault("true")
        boolean enabled();

        /** Per client application (a portal carries all its users, so this one is large). */
        @WithDefault("200")
        double perClientPerSecond();

        @WithDefault("400")
        int perClientBurst();

        /** Per user or service account. */
        @WithDefault("20")
        double perUserPerSecond();

        @WithDefault("40")
        int perUserBurst();
    }
}
