package dev.candor.verifier.note;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * C2SP signed notes (c2sp.org/signed-note): a text, a blank line, then one signature line per signer,
 * {@code "— <key name> <base64(4-byte key id ‖ signature)>"} (U+2014 EM DASH, space).
 */
public final class SignedNote {

    /** The prefix of every signature line: EM DASH and a space. */
    public static final String SIGNATURE_PREFIX = "\u2014 ";

    private static final int MAX_NOTE_BYTES = 1_000_000;
    private static final int MAX_SIGNATURES = 100;

    private SignedNote() {
    }

    /** One signature line. */
    public record Signature(String name, int keyId, String base64) {
        public String keyIdHex() {
            return NoteKeys.hex(keyId);
        }
    }

    /**
     * The result of opening a note: its text, the signatures that verified against a known key, and the signatures
     * by keys that were not given (ignored, listed for information).
     */
    public record VerifiedNote(String text, List<Signature> verified, List<Signature> unverified) {
        public VerifiedNote {
            verified = List.copyOf(verified);
            unverified = List.copyOf(unverified);
        }
    }

    /** Signs the text with each signer, in order (two signers for a key rotation). Returns the whole note. */
    public static String sign(String text, List<NoteSigner> signers) {
        String problem = textProblem(text);
        if (problem != null) {
            throw new IllegalArgumentException("cannot sign: " + problem);
        }
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("cannot sign: no signers");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder note = new StringBuilder(text).append('\n');
        for (NoteSigner signer : signers) {
            byte[] signature = signer.sign(message);
            byte[] line = ByteBuffer.allocate(4 + signature.length).putInt(signer.keyId()).put(signature).array();
            note.append(SIGNATURE_PREFIX).append(signer.name()).append(' ')
                    .append(Base64.getEncoder().encodeToString(line)).append('\n');
        }
        return note.toString();
    }

    /** {@link #open(String, Collection)} for the raw bytes of a note, which must be valid UTF-8. */
    public static VerifiedNote open(byte[] note, Collection<NoteVerifier> verifiers) throws NoteException {
        if (note.length > MAX_NOTE_BYTES) {
            throw new NoteException("malformed note: larger than " + MAX_NOTE_BYTES + " bytes");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(note))
                    .toString();
            return open(text, verifiers);
        } catch (CharacterCodingException e) {
            throw new NoteException("malformed note: not valid UTF-8", e);
        }
    }

    /**
     * Parses a note and checks its signatures. Signatures by keys not among {@code verifiers} are ignored; a
     * signature by a known key must be valid; at least one must be. Throws on any malformed input.
     */
    public static VerifiedNote open(String note, Collection<NoteVerifier> verifiers) throws NoteException {
        if (note.length() > MAX_NOTE_BYTES) {
            throw new NoteException("malformed note: too large");
        }
        // The text is everything up to the last blank line; signature lines cannot contain a blank line.
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteException("malformed note: no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        String signatures = note.substring(split + 2);
        String problem = textProblem(text);
        if (problem != null) {
            throw new NoteException("malformed note: " + problem);
        }
        if (signatures.isEmpty() || !signatures.endsWith("\n")) {
            throw new NoteException("malformed note: signature lines must end with a newline");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);

        List<Signature> verified = new ArrayList<>();
        List<Signature> unverified = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (String line : signatures.substring(0, signatures.length() - 1).split("\n", -1)) {
            if (++count > MAX_SIGNATURES) {
                throw new NoteException("malformed note: more than " + MAX_SIGNATURES + " signatures");
            }
            Signature signature = parseSignatureLine(line);
            if (!seen.add(line)) {
                continue; // a repeated line adds nothing
            }
            NoteVerifier verifier = find(verifiers, signature);
            if (verifier == null) {
                unverified.add(signature);
                continue;
            }
            byte[] decoded = Base64.getDecoder().decode(signature.base64());
            byte[] sig = new byte[decoded.length - 4];
            System.arraycopy(decoded, 4, sig, 0, sig.length);
            if (!verifier.verify(message, sig)) {
                throw new NoteException("invalid signature by " + signature.name() + " (key id "
                        + signature.keyIdHex() + ")");
            }
            if (verified.stream().noneMatch(s -> s.name().equals(signature.name()) && s.keyId() == signature.keyId())) {
                verified.add(signature);
            }
        }
        if (verified.isEmpty()) {
            throw new NoteException("no valid signature by a known key (signed by: " + describe(unverified) + ")");
        }
        return new VerifiedNote(text, verified, unverified);
    }

    private static Signature parseSignatureLine(String line) throws NoteException {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            throw new NoteException("malformed note: signature line does not start with \"\u2014 \"");
        }
        String rest = line.substring(SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new NoteException("malformed note: signature line has no space between key name and signature");
        }
        String name = rest.substring(0, space);
        String b64 = rest.substring(space + 1);
        byte[] decoded = NoteKeys.decodeBase64Strict(b64);
        if (!NoteKeys.isValidName(name) || decoded == null || decoded.length < 5) {
            throw new NoteException("malformed note: bad signature line for key " + name);
        }
        int keyId = ByteBuffer.wrap(decoded, 0, 4).getInt();
        return new Signature(name, keyId, b64);
    }

    private static NoteVerifier find(Collection<NoteVerifier> verifiers, Signature signature) {
        for (NoteVerifier verifier : verifiers) {
            if (verifier.name().equals(signature.name()) && verifier.keyId() == signature.keyId()) {
                return verifier;
            }
        }
        return null;
    }

    private static String describe(List<Signature> signatures) {
        if (signatures.isEmpty()) {
            return "nobody";
        }
        List<String> names = new ArrayList<>();
        for (Signature s : signatures) {
            names.add(s.name() + " " + s.keyIdHex());
        }
        return String.join(", ", names);
    }

    /**
     * Why a note text is invalid, or null: it must be non-empty, end with a newline, and hold no control characters
     * other than newline, nor unpaired surrogates.
     */
    static String textProblem(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            return "text must be non-empty and end with a newline";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n') || c == 0x7f) {
                return "text contains control character U+" + String.format("%04X", (int) c);
            }
        }
        try {
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            return "text is not valid Unicode";
        }
        return null;
    }
}
