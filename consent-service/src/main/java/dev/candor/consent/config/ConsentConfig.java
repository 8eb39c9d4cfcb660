package dev.candor.consent.config;

import dev.candor.consent.domain.PolicyProfile;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** consent-service settings ({@code candor.consent.*}; in production from {@code CANDOR_CONSENT_*}). */
@ConfigMapping(prefix = "candor.consent")
public interface ConsentConfig {

    /**
     * The policy profile of this deployment: what needs consent when no directive speaks, for every subject without a
     * profile of their own.
     */
    @WithDefault("HIPAA")
    PolicyProfile policyProfile();

    /** The in-memory copy of subjects' directives that decisions are taken from (see SubjectConsentCache). */
    Cache cache();

    interface Cache {
        /** Off: every decision reads the subjects' directives from the database. */
        @WithDefault("true")
        boolean enabled();

        /** Most subjects held; the least recently asked about are dropped first. */
        @WithDefault("100000")
        long maxSubjects();
    }
}
