package dev.candor.ledger.api;

import dev.candor.ledger.domain.Proofs;

import java.util.Base64;
import java.util.List;

/**
 * An RFC 6962 proof: base64 hashes, in the order RFC 6962 / RFC 9162 verifiers expect.
 *
 * @param leafIndex for an inclusion proof
 * @param fromSize  for a consistency proof
 */
public record ProofView(Long leafIndex, Long fromSize, long treeSize, List<String> hashes) {

    static ProofView of(Proofs.InclusionProof proof) {
        return new ProofView(proof.leafIndex(), null, proof.treeSize(), base64(proof.hashes()));
    }

    static ProofView of(Proofs.ConsistencyProof proof) {
        return new ProofView(null, proof.fromSize(), proof.toSize(), base64(proof.hashes()));
    }

    static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
    }
}
