package dev.candor.ledger.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.merkle.Rfc6962;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collection;

/**
 * What goes into the Merkle tree, and nothing else (the derivation itself is the verifier's {@link LedgerLeaf}, so
 * that an offline verifier re-derives leaves exactly as they were written): a leaf holds a salted commitment to the canonical entry and the
 * indexes of the previous leaves of the entry's subjects. No PHI is in a leaf; erasing the plaintext and the salt
 * keeps every proof valid, and the salt keeps an erased entry from being guessed back from its commitment.
 * <pre>
 *   commitment = SHA-256(salt ‖ canonical JSON of the entry)          (RFC 8785 style, see CanonicalJson)
 *   leaf data  = canonical JSON {"commitment": base64, "links": [previous leaf indexes, ascending]}
 *   leaf hash  = SHA-256(0x00 ‖ leaf data)                             (RFC 6962)
 * </pre>
 */
public final class LeafCodec {

    public static final int SALT_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private LeafCodec() {
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    public static byte[] canonical(ObjectNode content) {
        return CanonicalJson.canonicalBytes(content);
    }

    public static byte[] commitment(byte[] salt, byte[] canonicalContent) {
        return LedgerLeaf.commitment(salt, canonicalContent);
    }

    public static byte[] leafData(byte[] commitment, Collection<Long> links) {
        return LedgerLeaf.leafData(commitment, links);
    }

    public static byte[] leafHash(byte[] leafData) {
        return Rfc6962.leafHash(leafData);
    }

    public static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
