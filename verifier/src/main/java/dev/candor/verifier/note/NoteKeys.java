package dev.candor.verifier.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Shared rules of the signed-note key formats (c2sp.org/signed-note). */
final class NoteKeys {

    /** Signature algorithm byte for Ed25519, prefixed to the public key in key strings and key IDs. */
    static final byte ALG_ED25519 = 0x01;

    private NoteKeys() {
    }

    /** First 4 bytes (big-endian) of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
    static int keyId(String name, byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(ALG_ED25519);
            sha.update(publicKey);
            byte[] d = sha.digest();
            return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(int keyId) {
        return String.format("%08x", keyId);
    }

    /** A key name is non-empty and has no '+' and no white space (nor other control characters). */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('+') >= 0) {
            return false;
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                    || Character.getType(cp) == Character.SURROGATE) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Strict standard base64: decodes, and re-encodes to the same string (no missing padding, no stray bits). */
    static byte[] decodeBase64Strict(String b64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Base64.getEncoder().encodeToString(bytes).equals(b64) ? bytes : null;
    }

    /** Parses "name+hexid+base64" (with an optional prefix already removed); checks the id against the key. */
    static Parsed parse(String key, String what) {
        int plus1 = key.indexOf('+');
        int plus2 = plus1 < 0 ? -1 : key.indexOf('+', plus1 + 1);
        if (plus2 < 0) {
            throw new IllegalArgumentException(what + " must look like name+hexid+base64");
        }
        String name = key.substring(0, plus1);
        String hexId = key.substring(plus1 + 1, plus2);
        byte[] keyBytes = decodeBase64Strict(key.substring(plus2 + 1));
        if (!isValidName(name)) {
            throw new IllegalArgumentException(what + " has an invalid key name");
        }
        if (!hexId.matches("[0-9a-fA-F]{8}")) {
            throw new IllegalArgumentException(what + " key id must be 8 hex digits");
        }
        if (keyBytes == null || keyBytes.length != 1 + Ed25519Keys.KEY_SIZE || keyBytes[0] != ALG_ED25519) {
            throw new IllegalArgumentException(what + " must hold base64(0x01 ‖ 32-byte Ed25519 key)");
        }
        byte[] raw = new byte[Ed25519Keys.KEY_SIZE];
        System.arraycopy(keyBytes, 1, raw, 0, raw.length);
        return new Parsed(name, (int) Long.parseLong(hexId, 16), raw);
    }

    static String encode(String name, int keyId, byte[] raw) {
        byte[] keyBytes = new byte[1 + raw.length];
        keyBytes[0] = ALG_ED25519;
        System.arraycopy(raw, 0, keyBytes, 1, raw.length);
        return name + "+" + hex(keyId) + "+" + Base64.getEncoder().encodeToString(keyBytes);
    }

    record Parsed(String name, int keyId, byte[] raw) {
    }
}
