package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.jws.DetachedJws;

import java.security.PrivateKey;

/** Signs a report the way {@link ReportVerifier} checks it: a detached JWS over the canonical report, as {@code jws}. */
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
        String jws = DetachedJws.sign(key, kid, CanonicalJson.canonicalBytes(report));
        report.put("jws", jws);
        return CanonicalJson.canonicalBytes(report);
    }
}
