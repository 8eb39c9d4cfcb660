package dev.candor.ledger.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.merkle.Rfc6962;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

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
 * Entries of the second format commit to each subject's part separately, with salts derived from the entry's
 * ({@link LedgerLeaf}): the commitment above then takes the derived entry salt.
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

    /** The salt of a second-format entry's commitment, from the stored salt. */
    public static byte[] entrySalt(byte[] salt) {
        return LedgerLeaf.entrySalt(salt);
    }

    /** The salt of one subject's part, from the stored salt. */
    public static byte[] partSalt(byte[] salt, JsonNode part) {
        return LedgerLeaf.partSalt(salt, part.path("subject").asText());
    }

    /** The entry's {@code "parts"}: each part's commitment (base64), sorted, so their order says nothing. */
    public static ArrayNode partCommitments(byte[] salt, List<ObjectNode> parts) {
        TreeSet<String> sorted = new TreeSet<>();
        for (ObjectNode part : parts) {
            sorted.add(Base64.getEncoder().encodeToString(LedgerLeaf.partCommitment(partSalt(salt, part), part)));
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode(sorted.size());
        sorted.forEach(list::add);
        return list;
    }

    /** The parts as stored: a JSON array in subject order. */
    public static String canonicalParts(List<ObjectNode> parts) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode(parts.size());
        list.addAll(parts);
        return new String(CanonicalJson.canonicalBytes(list), StandardCharsets.UTF_8);
    }

    /** An entry sealed for the log: its stored salt, the canonical content, the parts as stored, the commitment. */
    public record Sealed(byte[] salt, byte[] canonical, String parts, byte[] commitment) {
    }

    /**
     * Seals a second-format entry once each part holds its subject's previous leaf: the parts' commitments go into
     * {@code content}, which is then committed to under the entry salt.
     */
    public static Sealed seal(ObjectNode content, List<ObjectNode> parts, byte[] salt) {
        content.set("parts", partCommitments(salt, parts));
        byte[] canonical = canonical(content);
        return new Sealed(salt, canonical, canonicalParts(parts), commitment(entrySalt(salt), canonical));
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
