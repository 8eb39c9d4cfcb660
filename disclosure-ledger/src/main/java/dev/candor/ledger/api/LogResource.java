package dev.candor.ledger.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.ledger.domain.CheckpointSigner;
import dev.candor.ledger.domain.Proofs;
import dev.candor.ledger.persistence.EntryLookup;
import dev.candor.ledger.persistence.TreeStore;
import dev.candor.verifier.note.NoteVerifier;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The transparency log itself: signed checkpoints, verifier keys and proofs. None of it holds PHI — leaves are
 * salted commitments — so checkpoints and keys are public; proofs need any valid token.
 */
@Path("/api/v1/log")
@Tag(name = "Transparency log")
public class LogResource {

    @Inject
    TreeStore tree;

    @Inject
    CheckpointSigner signer;

    @Inject
    Proofs proofs;

    @Inject
    EntryLookup lookup;

    @GET
    @Path("/checkpoint")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint signed note)")
    public String checkpoint() {
        return tree.latestCheckpoint().map(TreeStore.StoredCheckpoint::note)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no checkpoint has been signed yet"));
    }

    @GET
    @Path("/checkpoints")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The signed checkpoint of one tree size")
    public String checkpointAt(@QueryParam("treeSize") @Min(1) long treeSize) {
        return tree.checkpointAt(treeSize).map(TreeStore.StoredCheckpoint::note)
                .orElseThrow(() -> ProblemException.notFound("checkpoint of size " + treeSize));
    }

    /** One verifier key as JSON: its text form, name, key id, and whether it is retired (signs nothing new). */
    public record KeyView(String key, String name, String keyId, boolean retired) {
    }

    /** The verifier keys as JSON. */
    public record KeysView(List<KeyView> keys) {
    }

    @GET
    @Path("/keys")
    @PermitAll
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    @Operation(summary = "The verifier keys of the log (name+hexid+base64): as text one per line, the signing keys"
            + " first, then the retired ones (which verify older checkpoints and sign no new one); with Accept:"
            + " application/json each is marked retired or not")
    public Response keys(@Context HttpHeaders headers) {
        List<NoteVerifier> keys = signer.verifiers();
        if (wantsJson(headers.getAcceptableMediaTypes())) {
            List<NoteVerifier> retired = signer.retiredVerifiers();
            return Response.ok(new KeysView(keys.stream().map(k -> new KeyView(k.verifierKey(), k.name(),
                    k.keyIdHex(), retired.contains(k))).toList()), MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(keys.stream().map(NoteVerifier::verifierKey).collect(Collectors.joining("\n", "", "\n")),
                MediaType.TEXT_PLAIN).build();
    }

    /**
     * JSON only when the caller prefers it to text: no Accept, a wildcard or text/plain keep the one-key-a-line text
     * every existing client (the verifier CLI's key files among them) reads. {@code acceptable} is in preference order.
     */
    static boolean wantsJson(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            boolean json = type.isCompatible(MediaType.APPLICATION_JSON_TYPE);
            if (json != type.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
                return json;
            }
            if (json) {
                return false; // */*: the text, as always
            }
        }
        return false;
    }

    @GET
    @Path("/proofs/inclusion")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.REGULATOR,
            Caller.ADMIN, Caller.SERVICE})
    @Operation(summary = "Inclusion proof of a leaf (by index or by base64 leaf hash) in a signed tree size")
    public ProofView inclusion(@QueryParam("index") @Min(0) Long index, @QueryParam("leafHash") String leafHash,
                               @QueryParam("treeSize") @Min(1) Long treeSize) {
        if ((index == null) == (leafHash == null)) {
            throw ProblemException.validation("index", "give exactly one of index and leafHash");
        }
        long leafIndex = index != null ? index : lookup.indexOfLeafHash(decode(leafHash))
                .orElseThrow(() -> ProblemException.notFound("leaf"));
        return ProofView.of(proofs.inclusion(leafIndex, treeSize));
    }

    @GET
    @Path("/proofs/consistency")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.REGULATOR,
            Caller.ADMIN, Caller.SERVICE})
    @Operation(summary = "Consistency proof between two signed tree sizes")
    public ProofView consistency(@QueryParam("from") @Min(1) long from, @QueryParam("to") @Min(1) Long to) {
        return ProofView.of(proofs.consistency(from, to));
    }

    private static byte[] decode(String leafHash) {
        try {
            byte[] hash = Base64.getDecoder().decode(leafHash);
            if (hash.length == 32) {
                return hash;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ProblemException.validation("leafHash", "must be a base64 SHA-256 hash");
    }
}
