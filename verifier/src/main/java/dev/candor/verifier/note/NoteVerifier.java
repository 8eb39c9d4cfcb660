package dev.candor.verifier.note;

import java.security.PublicKey;
import java.util.Arrays;

/**
 * A named Ed25519 public key that verifies note signatures. Its text form ("verifier key") is
 * {@code name+hexkeyid+base64(0x01 ‖ public key)}, as in Go's {@code golang.org/x/mod/sumdb/note}.
 */
public final class NoteVerifier {

    private final String name;
    private final int keyId;
    private final byte[] publicKey;
    private final PublicKey jdkKey;

    private NoteVerifier(String name, byte[] publicKey) {
        if (!NoteKeys.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name: " + name);
        }
        this.name = name;
        this.publicKey = publicKey.clone();
        this.jdkKey = Ed25519Keys.publicKey(publicKey);
        this.keyId = NoteKeys.keyId(name, publicKey);
    }

    /** A verifier for a raw 32-byte Ed25519 public key. */
    public static NoteVerifier of(String name, byte[] publicKey) {
        return new NoteVerifier(name, publicKey);
    }

    /** Parses a verifier key string; the key id in it must match the name and key. */
    public static NoteVerifier parse(String verifierKey) {
        NoteKeys.Parsed parsed = NoteKeys.parse(verifierKey.strip(), "verifier key");
        NoteVerifier verifier = new NoteVerifier(parsed.name(), parsed.raw());
        if (verifier.keyId != parsed.keyId()) {
            throw new IllegalArgumentException("verifier key id " + NoteKeys.hex(parsed.keyId())
                    + " does not match its name and key (want " + NoteKeys.hex(verifier.keyId) + ")");
        }
        return verifier;
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    /** The key id as 8 lowercase hex digits. */
    public String keyIdHex() {
        return NoteKeys.hex(keyId);
    }

    /** The raw 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The text form: {@code name+hexkeyid+base64(0x01 ‖ public key)}. */
    public String verifierKey() {
        return NoteKeys.encode(name, keyId, publicKey);
    }

    /** Checks a 64-byte Ed25519 signature of the message. */
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519Keys.verify(jdkKey, message, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteVerifier other && name.equals(other.name) && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
