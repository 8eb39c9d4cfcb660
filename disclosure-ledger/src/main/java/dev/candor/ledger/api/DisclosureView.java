package dev.candor.ledger.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.ledger.domain.EntryRecord;
import dev.candor.ledger.domain.Flag;
import dev.candor.ledger.domain.LeafCodec;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A recorded disclosure as a reader may see it. {@code content} is exactly what the leaf commits to (null once
 * erased). With {@code ?proof=true}: the salt and leaf data, the inclusion proof and the signed checkpoint — all a
 * verifier needs to check offline that this entry is in the log: SHA-256(salt ‖ canonical(content)) is the leaf
 * data's commitment, SHA-256(0x00 ‖ leafData) is the leaf hash, and the proof leads to the checkpoint's root.
 * An entry of the second format ({@code content.v} 2) names its subjects only in {@code parts}, of which a reader
 * gets the ones they may see; {@code salt} is then the entry salt derived from the stored one, and each part comes
 * with its own salt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DisclosureView(UUID id, long leafIndex, Instant recordedAt, String discloserOrg,
                             String discloserClient, Set<DataCategory> categories, Set<Flag> flags,
                             List<DecisionView> decisions, boolean erased,
                             @JsonRawValue @Schema(type = SchemaType.OBJECT,
                                     description = "the committed entry (JSON as stored; canonicalise it to check"
                                             + " the commitment)") String content,
                             List<PartView> parts, String leafHash,
                             String salt, String leafData, ProofView proof, String checkpoint) {

    static DisclosureView of(EntryRecord e) {
        return new DisclosureView(e.id(), e.leafIndex(), e.recordedAt(), e.discloserOrg(), e.discloserClient(),
                e.categories(), e.flags(), e.decisions().stream().map(DecisionView::of).toList(), e.erased(),
                e.content(), e.parts() == null ? null : e.parts().stream().map(p -> new PartView(p, null)).toList(),
                b64(e.leafHash()), null, null, null, null);
    }

    DisclosureView withProof(EntryRecord e, ProofView proof, String checkpoint) {
        List<PartView> salted = parts;
        String entrySalt = null;
        if (e.salt() != null) {
            entrySalt = b64(e.parts() == null ? e.salt() : LeafCodec.entrySalt(e.salt()));
            if (e.parts() != null) {
                salted = e.parts().stream().map(p -> new PartView(p, b64(LeafCodec.partSalt(e.salt(), p)))).toList();
            }
        }
        return new DisclosureView(id, leafIndex, recordedAt, discloserOrg, discloserClient, categories, flags,
                decisions, erased, content, salted, leafHash, entrySalt, b64(e.leafData()), proof, checkpoint);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
