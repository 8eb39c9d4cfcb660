package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.jws.DetachedJws;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;

/**
 * Signs a report the way {@link ReportVerifier} checks it ({@code candor-report/2}): a detached, pre-hashed JWS over
 * the SHA-256 of the canonical report without its {@code jws} member, as {@code jws}. A service streaming a large
 * report computes the digest while writing it and calls {@link DetachedJws#signDigest} itself.
 */
public final class ReportSigning {

    private ReportSigning() {
    }

    /** The canonical bytes that the JWS covers: the report without its {@code jws} member. */
    public static byte[] payload(ObjectNode report) {
        ObjectNode payload = report.deepCopy();
        payload.remove("jws");
        return CanonicalJson.canonicalBytes(payload);
    }

    /** Adds {@code jws} to the report (replacing any) and returns the canonical bytes of the signed report. */
    public static byte[] sign(ObjectNode report, PrivateKey key, String kid) {
        report.remove("jws");
        String jws = DetachedJws.signDigest(key, kid, sha256(CanonicalJson.canonicalBytes(report)));
        report.put("jws", jws);
        return CanonicalJson.canonicalBytes(report);
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        return newDigest().digest(bytes);
    }
}
