package dev.candor.ledger.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.ledger.domain.Flag;
import dev.candor.ledger.domain.SequencedEntry;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The answer to recording a disclosure: where it is in the log, what was decided and flagged. With
 * {@code ?wait=true} also its inclusion proof and the signed checkpoint that covers it.
 *
 * @param categories the disclosed categories with the implied ones added
 * @param integrated whether the entry is covered by a signed checkpoint yet
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordedView(UUID id, long leafIndex, Instant recordedAt, Set<DataCategory> categories,
                           Set<Flag> flags, List<DecisionView> decisions, String leafHash, boolean integrated,
                           ProofView proof, String checkpoint) {

    static RecordedView of(SequencedEntry e) {
        return new RecordedView(e.id(), e.leafIndex(), e.recordedAt(), e.categories(), e.flags(),
                e.decisions().stream().map(DecisionView::of).toList(),
                Base64.getEncoder().encodeToString(e.leafHash()), false, null, null);
    }

    RecordedView withProof(ProofView proof, String checkpoint) {
        return new RecordedView(id, leafIndex, recordedAt, categories, flags, decisions, leafHash, true, proof,
                checkpoint);
    }
}
