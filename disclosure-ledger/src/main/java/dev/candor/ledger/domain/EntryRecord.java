package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.DataCategory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A stored entry as readers see it.
 *
 * @param content  the committed entry as JSON text, as PostgreSQL prints the stored {@code jsonb} (not canonical:
 *                 a verifier canonicalises it); null once erased. Kept as text so that listing thousands of entries
 *                 does not parse and re-serialise each one (it was most of a report's time in the ledger).
 * @param salt     the commitment's salt; null once erased
 * @param leafData the leaf's data (commitment and links), from which {@code leafHash} is computed
 */
public record EntryRecord(long leafIndex, UUID id, Instant recordedAt, String discloserOrg, String discloserClient,
                          Set<DataCategory> categories, Set<Flag> flags, List<Decision> decisions, String content,
                          byte[] salt, byte[] leafData, byte[] leafHash) {

    public boolean erased() {
        return content == null;
    }
}
