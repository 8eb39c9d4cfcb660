package dev.candor.verifier.note;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * Conversions between raw RFC 8032 Ed25519 keys (32-byte public key, 32-byte seed) and the JDK's key objects.
 * <p>
 * A raw public key is the little-endian y coordinate with the parity of x in the top bit of the last byte; the
 * JDK's {@link EdECPoint} holds y as a (big-endian) BigInteger and the x parity as a flag.
 */
public final class Ed25519Keys {

    public static final int KEY_SIZE = 32;
    public static final int SIGNATURE_SIZE = 64;

    private Ed25519Keys() {
    }

    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        byte[] bigEndian = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE; i++) {
            bigEndian[i] = raw[KEY_SIZE - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Ed25519 public key", e);
        }
    }

    public static byte[] rawPublicKey(PublicKey key) {
        if (!(key instanceof EdECPublicKey edKey)) {
            throw new IllegalArgumentException("not an EdEC public key: " + key.getAlgorithm());
        }
        EdECPoint point = edKey.getPoint();
        byte[] y = point.getY().toByteArray(); // big-endian, may have a leading 0 byte or be shorter than 32
        byte[] raw = new byte[KEY_SIZE];
        for (int i = 0; i < KEY_SIZE && i < y.length; i++) {
            raw[i] = y[y.length - 1 - i];
        }
        if (point.isXOdd()) {
            raw[KEY_SIZE - 1] |= (byte) 0x80;
        }
        return raw;
    }

    public static PrivateKey privateKey(byte[] seed) {
        if (seed.length != KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Ed25519 seed", e);
        }
    }

    public static byte[] seed(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey edKey)) {
            throw new IllegalArgumentException("not an EdEC private key: " + key.getAlgorithm());
        }
        return edKey.getBytes().orElseThrow(() -> new IllegalArgumentException("private key bytes not available"));
    }

    /**
     * The key pair of a seed. JDK 17 has no public API to derive the public key, so the key pair generator is fed
     * the seed as its "random" bytes: it uses exactly 32 of them as the private key.
     */
    public static KeyPair keyPair(byte[] seed) {
        if (seed.length != KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed.length);
        }
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != KEY_SIZE) {
                    throw new IllegalStateException("unexpected request for " + bytes.length + " random bytes");
                }
                System.arraycopy(seed, 0, bytes, 0, KEY_SIZE);
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, fixed);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** A fresh random seed. */
    public static byte[] newSeed() {
        byte[] seed = new byte[KEY_SIZE];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** False for a wrong or malformed signature; never throws for bad input. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
