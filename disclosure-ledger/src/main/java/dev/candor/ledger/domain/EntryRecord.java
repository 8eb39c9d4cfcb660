package dev.candor.ledger.domain;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param parts    a second-format entry's parts the reader may see (their subjects' own, for oversight and the
 *                 recording organisation all), in subject order; null for a first-format or erased entry
 * @param salt     the salt stored with the entry (for a second-format entry, the one its salts derive from); null
 *                 once erased
 * @param leafData the leaf's data (commitment and links), from which {@code leafHash} is computed
 */
public record EntryRecord(long leafIndex, UUID id, Instant recordedAt, String discloserOrg, String discloserClient,
                          Set<DataCategory> categories, Set<Flag> flags, List<Decision> decisions, String content,
                          List<JsonNode> parts, byte[] salt, byte[] leafData, byte[] leafHash) {

    public boolean erased() {
        return content == null;
    }
}
