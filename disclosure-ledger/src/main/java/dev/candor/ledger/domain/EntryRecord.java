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
 * @param content  the committed entry; null once erased
 * @param salt     the commitment's salt; null once erased
 * @param leafData the leaf's data (commitment and links), from which {@code leafHash} is computed
 */
public record EntryRecord(long leafIndex, UUID id, Instant recordedAt, String discloserOrg, String discloserClient,
                          Set<DataCategory> categories, Set<Flag> flags, List<Decision> decisions, JsonNode content,
                          byte[] salt, byte[] leafData, byte[] leafHash) {

    public boolean erased() {
        return content == null;
    }
}
