package dev.candor.verifier.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.json.StrictJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a Candor ledger entry becomes a leaf of the log's Merkle tree — the one definition, used by the ledger when it
 * records and by the verifier when it re-derives a leaf from a report's entry.
 * <pre>
 *   commitment = SHA-256(salt ‖ canonical JSON of the entry)          (RFC 8785 style, see CanonicalJson)
 *   leaf data  = canonical JSON {"commitment": base64, "links": [previous leaf indexes, ascending]}
 *   leaf hash  = SHA-256(0x00 ‖ leaf data)                             (RFC 6962)
 * </pre>
 * An entry of the second format ({@code "v": 2}) is about several people without showing each of them the others:
 * the committed entry holds the shared fields and, instead of the subjects and their decisions, the sorted list
 * {@code "parts"} of one commitment per subject. From the entry's stored salt {@code s}:
 * <pre>
 *   entry salt = HMAC-SHA256(s, "candor-ledger/entry")                the commitment's salt in the formula above
 *   part salt  = HMAC-SHA256(s, "candor-ledger/part\n" ‖ subject)     subject = "PATIENT:pat-alice"
 *   part       = SHA-256(part salt ‖ canonical JSON of the part)       {"subject", "roles", "decision"?, ...}
 * </pre>
 * The links to the subjects' previous leaves are then in the parts ({@code "previous"}), and the leaf's own list is
 * empty: listed in the leaf, they told every reader where everyone else's previous entries were.
 * A subject is given the entry salt and their own parts with their salts: enough to check that the part is in the
 * entry and the entry in the log, and nothing to guess another part from (the part salts are independent of the
 * entry salt and of each other).
 */
public final class LedgerLeaf {

    /** The entry format whose subjects are committed to one by one ({@link #partCommitment}). */
    public static final int PER_SUBJECT_PARTS = 2;

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

    /** The salt of a second-format entry's commitment, derived from the salt the ledger stores. */
    public static byte[] entrySalt(byte[] storedSalt) {
        return hmac(storedSalt, "candor-ledger/entry");
    }

    /** The salt of one subject's part ({@code subject} as {@code TYPE:id}), derived from the salt the ledger stores. */
    public static byte[] partSalt(byte[] storedSalt, String subject) {
        return hmac(storedSalt, "candor-ledger/part\n" + subject);
    }

    /** SHA-256(part salt ‖ canonical JSON of the part). */
    public static byte[] partCommitment(byte[] partSalt, JsonNode part) {
        return commitment(partSalt, CanonicalJson.canonicalBytes(part));
    }

    /**
     * Checks parts given with a second-format entry ({@code [{"part": {...}, "salt": base64}, ...]}): each one's
     * commitment must be in the entry's {@code "parts"}, and no part may be given twice.
     *
     * @return how many parts were checked
     * @throws ProofException naming the first part that is not the entry's
     */
    public static int checkParts(JsonNode content, JsonNode parts) throws ProofException {
        JsonNode committed = content.path("parts");
        if (!committed.isArray()) {
            throw new ProofException("the entry commits to no parts");
        }
        Set<String> listed = new HashSet<>();
        String previous = null;
        for (JsonNode c : committed) {
            // sorted and unique, as the ledger writes them: their order must say nothing about whom they stand for
            if (!c.isTextual() || (previous != null && previous.compareTo(c.asText()) >= 0)) {
                throw new ProofException("the entry's parts are not a sorted list of distinct commitments");
            }
            previous = c.asText();
            listed.add(previous);
        }
        if (parts == null || parts.isNull() || parts.isMissingNode()) {
            return 0;
        }
        if (!parts.isArray()) {
            throw new ProofException("parts is not a list");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode given = parts.get(i);
            if (!given.path("part").isObject() || !given.path("salt").isTextual()) {
                throw new ProofException("part " + i + " has no part and salt");
            }
            byte[] salt;
            try {
                salt = Base64.getDecoder().decode(given.get("salt").asText());
            } catch (IllegalArgumentException e) {
                throw new ProofException("part " + i + ": salt is not base64");
            }
            String commitment = Base64.getEncoder().encodeToString(partCommitment(salt, given.get("part")));
            if (!listed.contains(commitment)) {
                throw new ProofException("part " + i + " (" + given.get("part").path("subject").asText()
                        + ") is not one the entry commits to");
            }
            if (!seen.add(commitment)) {
                throw new ProofException("part " + i + " is given twice");
            }
        }
        return parts.size();
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
            leaf = StrictJson.parse(leafData);
        } catch (StrictJson.NotStrictJson e) {
            throw new ProofException("leaf data is " + (e.getMessage().startsWith("not JSON") ? "" : "not I-JSON: ")
                    + e.getMessage());
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

    /** One per thread: looking the algorithm up costs more than the MAC of a short label. */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
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
