package dev.candor.ledger.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrationWatchTest {

    @Test
    void aCheckpointAnswersEveryoneItCoversAndNoOneElse() throws Exception {
        IntegrationWatch watch = new IntegrationWatch();
        CompletableFuture<Long> third = watch.awaitIntegrated(2, Duration.ofSeconds(10));
        CompletableFuture<Long> tenth = watch.awaitIntegrated(9, Duration.ofSeconds(10));

        watch.integrated(5);

        assertThat(third.get(1, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(tenth).isNotDone();
        assertThat(watch.waiting()).isEqualTo(1);
        assertThat(watch.awaitIntegrated(4, Duration.ofSeconds(10))).isCompletedWithValue(5L);
        watch.integrated(10);
        assertThat(tenth.get(1, TimeUnit.SECONDS)).isEqualTo(10);
        assertThat(watch.waiting()).isZero();
    }

    @Test
    void aCallerThatGaveUpIsForgottenEvenWhileNothingIsIntegrated() throws Exception {
        IntegrationWatch watch = new IntegrationWatch();
        CompletableFuture<Long> waited = watch.awaitIntegrated(7, Duration.ofMillis(50));

        assertThatThrownBy(() -> waited.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        // The clean-up runs right after the timeout completes the future; give it a moment.
        for (int i = 0; i < 100 && watch.waiting() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(watch.waiting()).isZero();
    }
}
