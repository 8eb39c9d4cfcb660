package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Asks consent-service whether a disclosure was permitted, per subject. A failure (down, slow, refusing) completes
 * the stage exceptionally: the ledger then records the entry UNDECIDED and settles it later — it never refuses or
 * drops a disclosure because consent-service could not answer.
 */
public interface ConsentDecisions {

    record Question(List<SubjectKey> subjects, String recipientId, RecipientType recipientType,
                    Set<DataCategory> categories, Purpose purpose, Instant at, String reason) {
    }

    CompletionStage<List<Decision>> decide(Question question);
}
