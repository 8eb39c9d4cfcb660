package dev.candor.ledger.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.ledger.api.DisclosureRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An entry ready to be sequenced: validated, its decisions taken, its content fixed. Only the leaf index and each
 * subject's previous leaf are added by the sequencer, which then seals it ({@link LeafCodec#seal}).
 *
 * @param content        the entry's shared fields; holds PHI
 * @param parts          one part per subject, in the order of {@code subjects}: who, how, their decision; holds PHI
 * @param salt           the salt every commitment of the entry derives from (drawn here, off the sequencing thread)
 * @param subjects       every subject the entry concerns, with how
 * @param idempotencyKey the discloser's Idempotency-Key, if any
 * @param requestSha256  hash of the request body, to tell a retry from a reuse of the key
 */
public record EntryDraft(UUID id, Instant recordedAt, String discloserOrg, String discloserClient,
                         DisclosureRequest request, Set<DataCategory> categories, Set<Flag> flags,
                         List<Decision> decisions, ObjectNode content, List<ObjectNode> parts, byte[] salt,
                         Map<SubjectKey, Set<SubjectRole>> subjects,
                         String idempotencyKey, byte[] requestSha256) {
}
