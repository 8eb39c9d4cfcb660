package dev.candor.verifier.note;

import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * A named Ed25519 private key that signs notes. Its text form ("signer key", for local development key files) is
 * {@code PRIVATE+KEY+name+hexkeyid+base64(0x01 ‖ seed)}, as in Go's {@code note.GenerateKey}; the key id is that of
 * the public key. Keep it secret: {@link #toString()} does not print it.
 */
public final class NoteSigner {

    private static final String PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final byte[] seed;
    private final PrivateKey privateKey;
    private final NoteVerifier verifier;

    private NoteSigner(String name, byte[] seed) {
        KeyPair pair = Ed25519Keys.keyPair(seed);
        this.name = name;
        this.seed = seed.clone();
        this.privateKey = pair.getPrivate();
        this.verifier = NoteVerifier.of(name, Ed25519Keys.rawPublicKey(pair.getPublic()));
    }

    /** A signer for a raw 32-byte Ed25519 seed (RFC 8032 private key). */
    public static NoteSigner fromSeed(String name, byte[] seed) {
        if (!NoteKeys.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
        return new NoteSigner(name, seed);
    }

    /** A signer with a fresh random key. */
    public static NoteSigner generate(String name) {
        return fromSeed(name, Ed25519Keys.newSeed());
    }

    /** Parses a signer key string; the key id in it must match the name and the derived public key. */
    public static NoteSigner parse(String signerKey) {
        String key = signerKey.strip();
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("signer key must start with " + PREFIX);
        }
        NoteKeys.Parsed parsed = NoteKeys.parse(key.substring(PREFIX.length()), "signer key");
        NoteSigner signer = fromSeed(parsed.name(), parsed.raw());
        if (signer.keyId() != parsed.keyId()) {
            throw new IllegalArgumentException("signer key id " + NoteKeys.hex(parsed.keyId())
                    + " does not match its name and key (want " + signer.verifier.keyIdHex() + ")");
        }
        return signer;
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return verifier.keyId();
    }

    /** The matching verifier (public key). */
    public NoteVerifier verifier() {
        return verifier;
    }

    /** The secret text form: {@code PRIVATE+KEY+name+hexkeyid+base64(0x01 ‖ seed)}. */
    public String signerKey() {
        return PREFIX + NoteKeys.encode(name, keyId(), seed);
    }

    /** A 64-byte Ed25519 signature of the message. */
    public byte[] sign(byte[] message) {
        return Ed25519Keys.sign(privateKey, message);
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifier.verifierKey() + "]";
    }
}
