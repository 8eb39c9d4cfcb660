package dev.candor.consent.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionAdmissionTest {

    @Test
    void subjectsInFlightStayWithinTheBoundAndALoneRequestAlwaysGoesIn() {
        DecisionAdmission admission = new DecisionAdmission();
        admission.maxSubjectsInFlight = 12_000;

        assertThat(admission.tryAdmit(10_000)).isTrue();
        assertThat(admission.tryAdmit(2_000)).isTrue();
        assertThat(admission.tryAdmit(1)).as("the bound is reached").isFalse();
        admission.release(10_000);
        assertThat(admission.tryAdmit(10_000)).as("room again once the first is answered").isTrue();
        admission.release(10_000);
        admission.release(2_000);
        assertThat(admission.inFlight()).isZero();

        admission.maxSubjectsInFlight = 100;
        assertThat(admission.tryAdmit(5_000)).as("nothing else in flight: even a request over the bound").isTrue();
        assertThat(admission.tryAdmit(1)).isFalse();
        admission.release(5_000);
        assertThat(admission.inFlight()).isZero();
    }
}
