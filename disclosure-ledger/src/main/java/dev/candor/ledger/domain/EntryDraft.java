package dev.candor.ledger.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.ledger.api.DisclosureRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An entry ready to be sequenced: validated, its decisions taken, its content fixed. Only the leaf index and the
 * links to the subjects' previous leaves are added by the sequencer.
 *
 * @param sealed         the entry as committed to: salt, canonical content, parts, commitment ({@link LeafCodec});
 *                       holds PHI
 * @param subjects       every subject the entry concerns, with how
 * @param idempotencyKey the discloser's Idempotency-Key, if any
 * @param requestSha256  hash of the request body, to tell a retry from a reuse of the key
 */
public record EntryDraft(UUID id, Instant recordedAt, String discloserOrg, String discloserClient,
                         DisclosureRequest request, Set<DataCategory> categories, Set<Flag> flags,
                         List<Decision> decisions, LeafCodec.Sealed sealed,
                         Map<SubjectKey, Set<SubjectRole>> subjects,
                         String idempotencyKey, byte[] requestSha256) {
}
