package dev.candor.verifier.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.TreeSet;

/**
 * How a Candor ledger entry becomes a leaf of the log's Merkle tree — the one definition, used by the ledger when it
 * records and by the verifier when it re-derives a leaf from a report's entry.
 * <pre>
 *   commitment = SHA-256(salt ‖ canonical JSON of the entry)          (RFC 8785 style, see CanonicalJson)
 *   leaf data  = canonical JSON {"commitment": base64, "links": [previous leaf indexes, ascending]}
 *   leaf hash  = SHA-256(0x00 ‖ leaf data)                             (RFC 6962)
 * </pre>
 */
public final class LedgerLeaf {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerLeaf() {
    }

    /** SHA-256(salt ‖ canonical content). */
    public static byte[] commitment(byte[] salt, byte[] canonicalContent) {
        MessageDigest sha256 = sha256();
        sha256.update(salt);
        sha256.update(canonicalContent);
        return sha256.digest();
    }

    /** SHA-256(salt ‖ canonical JSON of content). */
    public static byte[] commitment(byte[] salt, JsonNode content) {
        return commitment(salt, CanonicalJson.canonicalBytes(content));
    }

    /** The canonical leaf data for a commitment and the previous leaf indexes of the entry's subjects. */
    public static byte[] leafData(byte[] commitment, Collection<Long> links) {
        ObjectNode leaf = JSON.createObjectNode();
        leaf.put("commitment", Base64.getEncoder().encodeToString(commitment));
        ArrayNode array = leaf.putArray("links");
        new TreeSet<>(links).forEach(array::add);
        return CanonicalJson.canonicalBytes(leaf);
    }

    /**
     * The commitment a leaf's data holds; the data must be exactly the canonical form the ledger writes.
     *
     * @throws ProofException if the data is not a well-formed canonical leaf
     */
    public static byte[] commitmentOf(byte[] leafData) throws ProofException {
        JsonNode leaf;
        try {
            leaf = JSON.readTree(leafData);
        } catch (IOException e) {
            throw new ProofException("leaf data is not JSON");
        }
        if (leaf == null || !leaf.path("commitment").isTextual() || !leaf.path("links").isArray()
                || leaf.size() != 2) {
            throw new ProofException("leaf data is not {\"commitment\", \"links\"}");
        }
        if (!Arrays.equals(CanonicalJson.canonicalBytes(leaf), leafData)) {
            throw new ProofException("leaf data is not in canonical form");
        }
        try {
            return Base64.getDecoder().decode(leaf.get("commitment").asText());
        } catch (IllegalArgumentException e) {
            throw new ProofException("leaf commitment is not base64");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
