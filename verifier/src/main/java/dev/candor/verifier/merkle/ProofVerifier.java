package dev.candor.verifier.merkle;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * RFC 6962 inclusion and consistency proof verification, with the conventions of transparency-dev {@code proof}
 * and its test vectors. Every method throws {@link ProofException} naming what is wrong.
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /** Checks that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with this root. */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws ProofException {
        Objects.requireNonNull(root, "root");
        byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
        requireMatch(computed, root, "root");
    }

    /** The root implied by an inclusion proof; compare it to a trusted root. */
    public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof)
            throws ProofException {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(proof, "proof");
        if (index < 0 || index >= size) {
            throw new ProofException("leaf index " + index + " is out of range for tree size " + size);
        }
        if (leafHash.length != Rfc6962.HASH_SIZE) {
            throw new ProofException("leaf hash has " + leafHash.length + " bytes, want " + Rfc6962.HASH_SIZE);
        }
        requireHashes(proof);
        int inner = innerProofSize(index, size);
        int border = Long.bitCount(index >>> inner);
        if (proof.size() != inner + border) {
            throw new ProofException("inclusion proof has " + proof.size() + " hashes, want " + (inner + border)
                    + " for leaf " + index + " in tree size " + size);
        }
        byte[] hash = chainInner(leafHash, proof.subList(0, inner), index);
        return chainBorderRight(hash, proof.subList(inner, proof.size()));
    }

    /**
     * Checks that the tree of {@code size2} leaves with {@code root2} extends the tree of {@code size1} leaves with
     * {@code root1}. Refused: size1 = 0 (a proof from the empty tree proves nothing), size1 > size2. Equal sizes need an
     * empty proof and equal roots.
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
            throws ProofException {
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        if (size1 < 0 || size2 < size1) {
            throw new ProofException("tree size " + size2 + " is smaller than the earlier size " + size1);
        }
        if (size1 == 0) {
            throw new ProofException("consistency from the empty tree proves nothing and is refused");
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new ProofException("sizes are equal (" + size1 + ") but the proof is not empty");
            }
            requireMatch(root2, root1, "roots of equal-size trees");
            return;
        }
        if (proof.isEmpty()) {
            throw new ProofException("empty consistency proof for sizes " + size1 + " -> " + size2);
        }
        requireHashes(proof);

        int inner = innerProofSize(size1 - 1, size2);
        int border = Long.bitCount((size1 - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(size1);
        inner -= shift; // shift < inner when size1 < size2

        // The proof starts with the largest perfect subtree ending at size1, unless that subtree is the old root.
        byte[] seed;
        int start;
        if (size1 == (1L << shift)) {
            seed = root1;
            start = 0;
        } else {
            seed = proof.get(0);
            start = 1;
        }
        if (proof.size() != start + inner + border) {
            throw new ProofException("consistency proof has " + proof.size() + " hashes, want "
                    + (start + inner + border) + " for sizes " + size1 + " -> " + size2);
        }
        List<byte[]> rest = proof.subList(start, proof.size());
        List<byte[]> innerPart = rest.subList(0, inner);
        List<byte[]> borderPart = rest.subList(inner, rest.size());
        long mask = (size1 - 1) >>> shift;

        byte[] hash1 = chainBorderRight(chainInnerRight(seed, innerPart, mask), borderPart);
        requireMatch(hash1, root1, "old root (size " + size1 + ")");
        byte[] hash2 = chainBorderRight(chainInner(seed, innerPart, mask), borderPart);
        requireMatch(hash2, root2, "new root (size " + size2 + ")");
    }

    /** Number of proof levels below the point where the paths to {@code index} and {@code size-1} meet. */
    private static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            seed = ((index >>> i) & 1) == 0 ? Rfc6962.nodeHash(seed, proof.get(i)) : Rfc6962.nodeHash(proof.get(i), seed);
        }
        return seed;
    }

    /** Like chainInner but only the left siblings: rebuilds the old tree, which has nothing to the right. */
    private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                seed = Rfc6962.nodeHash(proof.get(i), seed);
            }
        }
        return seed;
    }

    private static byte[] chainBorderRight(byte[] seed, List<byte[]> proof) {
        for (byte[] hash : proof) {
            seed = Rfc6962.nodeHash(hash, seed);
        }
        return seed;
    }

    private static void requireHashes(List<byte[]> proof) throws ProofException {
        for (int i = 0; i < proof.size(); i++) {
            byte[] hash = proof.get(i);
            if (hash == null || hash.length != Rfc6962.HASH_SIZE) {
                throw new ProofException("proof hash " + i + " has " + (hash == null ? "no" : hash.length)
                        + " bytes, want " + Rfc6962.HASH_SIZE);
            }
        }
    }

    private static void requireMatch(byte[] computed, byte[] expected, String what) throws ProofException {
        if (!MessageDigest.isEqual(computed, expected)) {
            Base64.Encoder b64 = Base64.getEncoder();
            throw new ProofException(what + " mismatch: computed " + b64.encodeToString(computed) + ", expected "
                    + b64.encodeToString(expected));
        }
    }
}
