package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** An entry durably in the log at {@code leafIndex}; not necessarily integrated into the tree yet. */
public record SequencedEntry(UUID id, long leafIndex, Instant recordedAt, Set<DataCategory> categories,
                             Set<Flag> flags, List<Decision> decisions, byte[] leafHash) {
}
