package dev.candor.ledger.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.ledger.persistence.IdempotencyConflict;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a failed append is answered: the client must learn whether to retry, and that the key makes it safe. */
class RecordingFailureTest {

    @Test
    void aFailedCommitIsA503ThatSaysToRetryWithTheSameKey() {
        // A lost connection during COMMIT: the outcome is unknown, so the answer must not be a 500.
        assertThatThrownBy(() -> DisclosureResource.rethrow(new CompletionException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.type().status()).isEqualTo(503);
                    assertThat(p.getMessage()).contains("retry with the same Idempotency-Key");
                });
    }

    @Test
    void aReusedKeyIsA422() {
        assertThatThrownBy(() -> DisclosureResource.rethrow(new CompletionException(new IdempotencyConflict("k"))))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.type().status()).isEqualTo(422));
    }
}
