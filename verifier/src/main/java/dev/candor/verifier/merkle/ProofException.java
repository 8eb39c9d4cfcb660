package dev.candor.verifier.merkle;

/** A Merkle proof did not verify, or was malformed for the tree sizes it claims. */
public final class ProofException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProofException(String message) {
        super(message);
    }
}
