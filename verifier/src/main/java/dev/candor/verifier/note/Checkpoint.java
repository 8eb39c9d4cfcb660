package dev.candor.verifier.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A transparency log checkpoint (c2sp.org/tlog-checkpoint): the note text
 * <pre>
 * &lt;origin&gt;
 * &lt;tree size, decimal&gt;
 * &lt;root hash, base64&gt;
 * [extension lines]
 * </pre>
 * each line ending in a newline. The root hash is an RFC 6962 SHA-256 root (32 bytes).
 *
 * @param origin     the log's unique name, e.g. "candor.example/ledger"
 * @param size       number of leaves
 * @param rootHash   the 32-byte root hash (copied in and out)
 * @param extensions optional further lines, each non-empty
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    private static final int ROOT_HASH_SIZE = 32;

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        extensions = List.copyOf(extensions);
        if (!isValidLine(origin)) {
            throw new IllegalArgumentException("origin must be a non-empty line without control characters");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        if (rootHash.length != ROOT_HASH_SIZE) {
            throw new IllegalArgumentException("root hash must be " + ROOT_HASH_SIZE + " bytes, got " + rootHash.length);
        }
        rootHash = rootHash.clone();
        for (String line : extensions) {
            if (!isValidLine(line)) {
                throw new IllegalArgumentException("extension lines must be non-empty lines without control characters");
            }
        }
    }

    /** A checkpoint without extension lines. */
    public static Checkpoint of(String origin, long size, byte[] rootHash) {
        return new Checkpoint(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String rootHashBase64() {
        return Base64.getEncoder().encodeToString(rootHash);
    }

    /** The note text (unsigned). */
    public String toNoteText() {
        StringBuilder text = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(rootHashBase64()).append('\n');
        for (String line : extensions) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** Parses a checkpoint note text (the part before the signatures). */
    public static Checkpoint parse(String text) throws NoteException {
        if (!text.endsWith("\n")) {
            throw new NoteException("malformed checkpoint: text must end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new NoteException("malformed checkpoint: need origin, size and root hash lines");
        }
        for (String line : lines) {
            if (!isValidLine(line)) {
                throw new NoteException("malformed checkpoint: empty line or control character");
            }
        }
        long size = parseSize(lines[1]);
        byte[] root = NoteKeys.decodeBase64Strict(lines[2]);
        if (root == null || root.length != ROOT_HASH_SIZE) {
            throw new NoteException("malformed checkpoint: root hash must be base64 of " + ROOT_HASH_SIZE + " bytes");
        }
        return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
    }

    /** Signs this checkpoint with each signer (two for a key rotation). Returns the signed note. */
    public String sign(List<NoteSigner> signers) {
        return SignedNote.sign(toNoteText(), signers);
    }

    /** Verifies a signed checkpoint note (see {@link SignedNote#open}) and parses it. */
    public static Checkpoint open(String signedNote, Collection<NoteVerifier> verifiers) throws NoteException {
        return parse(SignedNote.open(signedNote, verifiers).text());
    }

    private static long parseSize(String line) throws NoteException {
        // Decimal ASCII, no sign, no leading zeros.
        if (!line.matches("0|[1-9][0-9]{0,18}")) {
            throw new NoteException("malformed checkpoint: tree size must be a decimal number, got \"" + line + "\"");
        }
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new NoteException("malformed checkpoint: tree size too large: " + line);
        }
    }

    private static boolean isValidLine(String line) {
        if (line.isEmpty()) {
            return false;
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other && origin.equals(other.origin) && size == other.size
                && Arrays.equals(rootHash, other.rootHash) && extensions.equals(other.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[origin=" + origin + ", size=" + size + ", root=" + rootHashBase64()
                + (extensions.isEmpty() ? "" : ", extensions=" + extensions) + "]";
    }
}
