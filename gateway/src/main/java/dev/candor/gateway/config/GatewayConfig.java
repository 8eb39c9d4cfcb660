package dev.candor.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "candor.gateway")
public interface GatewayConfig {

    /** Upstream services by name: consent, ledger, report. */
    Map<String, Upstream> upstreams();

    /** Largest request body accepted, in bytes. */
    @WithDefault("1048576")
    long maxRequestBody();

    interface Upstream {
        /** Base URL, e.g. http://consent-service:8081. */
        String url();

        /** How long the upstream may take to answer before the caller gets a 504. */
        @WithDefault("10s")
        Duration timeout();
    }
}
