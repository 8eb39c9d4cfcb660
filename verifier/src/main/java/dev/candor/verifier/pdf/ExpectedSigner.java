package dev.candor.verifier.pdf;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificate(s) or public key(s) a reader expects a PDF report to be signed with, read from PEM text.
 * <p>
 * A {@code CERTIFICATE} block matches only that exact certificate; a {@code PUBLIC KEY} block (SubjectPublicKeyInfo)
 * matches any certificate for that key. A file may hold several blocks (e.g. the current and the previous signer);
 * a signer matching any of them is accepted.
 */
public final class ExpectedSigner {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private final List<X509Certificate> certificates;
    private final List<byte[]> publicKeys;

    private ExpectedSigner(List<X509Certificate> certificates, List<byte[]> publicKeys) {
        this.certificates = List.copyOf(certificates);
        this.publicKeys = List.copyOf(publicKeys);
    }

    /** Parses PEM text; throws {@link IllegalArgumentException} saying what is wrong. */
    public static ExpectedSigner fromPem(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a " + m.group(1) + " block is not base64");
            }
            switch (m.group(1)) {
                case "CERTIFICATE" -> certificates.add(certificate(der));
                case "PUBLIC KEY" -> keys.add(der);
                default -> throw new IllegalArgumentException(
                        "unexpected PEM block " + m.group(1) + " (expected CERTIFICATE or PUBLIC KEY)");
            }
        }
        if (certificates.isEmpty() && keys.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE or PUBLIC KEY PEM block found");
        }
        return new ExpectedSigner(certificates, keys);
    }

    /** Accepts exactly this certificate. */
    public static ExpectedSigner of(X509Certificate certificate) {
        return new ExpectedSigner(List.of(certificate), List.of());
    }

    public boolean matches(X509Certificate signer) {
        try {
            byte[] encoded = signer.getEncoded();
            for (X509Certificate c : certificates) {
                if (Arrays.equals(c.getEncoded(), encoded)) {
                    return true;
                }
            }
        } catch (CertificateException e) {
            return false;
        }
        byte[] key = signer.getPublicKey().getEncoded();
        return publicKeys.stream().anyMatch(k -> Arrays.equals(k, key));
    }

    /** For messages: what was expected. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (X509Certificate c : certificates) {
            parts.add("certificate " + c.getSubjectX500Principal().getName() + " (SHA-256 "
                    + PdfSignatureVerifier.fingerprint(c) + ")");
        }
        if (!publicKeys.isEmpty()) {
            parts.add(publicKeys.size() == 1 ? "a public key" : publicKeys.size() + " public keys");
        }
        return String.join(" or ", parts);
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a CERTIFICATE block is not an X.509 certificate: " + e.getMessage());
        }
    }
}
