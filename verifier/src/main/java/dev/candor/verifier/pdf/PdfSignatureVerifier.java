package dev.candor.verifier.pdf;

import dev.candor.verifier.pdf.PdfVerification.Check;
import dev.candor.verifier.pdf.PdfVerification.Signer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks a signed PDF report offline: that its one signature covers the whole file except the signature value, that
 * nothing was appended after signing, that the CMS (PAdES, {@code ETSI.CAdES.detached}) signature and its message
 * digest verify, that it names its certificate (signing-certificate-v2), and — when the reader says which certificate
 * or key they expect — that the signer is that one.
 * <p>
 * Every check is reported by name ({@link PdfVerification#checks()}); the verdict is {@link PdfVerification#verified()}.
 * Checks that depend on an earlier one (e.g. the CMS checks on a byte range that can be trusted) are not run after it
 * failed.
 */
public final class PdfSignatureVerifier {

    public static final String READABLE = "readable PDF";
    public static final String ONE_SIGNATURE = "one signature";
    public static final String SUB_FILTER = "PAdES sub-filter";
    public static final String BYTE_RANGE = "byte range";
    public static final String NOTHING_APPENDED = "nothing appended after signing";
    public static final String CMS = "CMS signature structure";
    public static final String MESSAGE_DIGEST = "message digest";
    public static final String SIGNATURE = "signature value";
    public static final String SIGNING_CERTIFICATE = "signing-certificate-v2";
    public static final String CERTIFICATE_VALIDITY = "certificate valid at signing time";
    public static final String EXPECTED_SIGNER = "expected signer";

    private PdfSignatureVerifier() {
    }

    /**
     * @param pdf      the whole file
     * @param expected the certificate(s) or key(s) the reader trusts; {@code null} to only report who signed
     */
    public static PdfVerification verify(byte[] pdf, ExpectedSigner expected) {
        List<Check> checks = new ArrayList<>();
        PDSignature signature;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            checks.add(pass(READABLE, "PDF " + doc.getVersion() + ", " + doc.getNumberOfPages() + " pages"));
            List<PDSignature> signatures = doc.getSignatureDictionaries();
            if (signatures.size() != 1) {
                checks.add(fail(ONE_SIGNATURE, signatures.isEmpty() ? "the PDF is not signed"
                        : signatures.size() + " signatures; a Candor report carries exactly one"));
                return new PdfVerification(checks, Optional.empty());
            }
            signature = signatures.get(0);
            checks.add(pass(ONE_SIGNATURE, "one signature dictionary"));
        } catch (IOException e) {
            checks.add(fail(READABLE, "not a readable PDF: " + e.getMessage()));
            return new PdfVerification(checks, Optional.empty());
        }

        String subFilter = signature.getSubFilter();
        boolean pades = PDSignature.SUBFILTER_ETSI_CADES_DETACHED.getName().equals(subFilter);
        checks.add(pades ? pass(SUB_FILTER, subFilter)
                : fail(SUB_FILTER, "/SubFilter is " + subFilter + ", not "
                + PDSignature.SUBFILTER_ETSI_CADES_DETACHED.getName()));

        int[] range = signature.getByteRange();
        String rangeProblem = rangeProblem(range, pdf);
        if (rangeProblem != null) {
            checks.add(fail(BYTE_RANGE, rangeProblem));
            return new PdfVerification(checks, Optional.empty());
        }
        int gapStart = range[1];
        int gapEnd = range[2];
        long signedEnd = (long) range[2] + range[3];
        checks.add(pass(BYTE_RANGE, "covers bytes 0-" + gapStart + " and " + gapEnd + "-" + signedEnd
                + ": everything but the signature value"));
        checks.add(signedEnd == pdf.length
                ? pass(NOTHING_APPENDED, "the signed part ends at the end of the file (" + pdf.length + " bytes)")
                : fail(NOTHING_APPENDED, (pdf.length - signedEnd) + " bytes were added after the signed part"
                + " (an update after signing: what a reader shows may differ from what was signed)"));

        byte[] contents = HexFormat.of().parseHex(new String(pdf, gapStart + 1, gapEnd - gapStart - 2,
                StandardCharsets.US_ASCII));
        if (!Arrays.equals(contents, signature.getContents())) {
            checks.add(fail(CMS, "the bytes left out of the byte range are not the signature's /Contents"));
            return new PdfVerification(checks, Optional.empty());
        }
        byte[] signed = new byte[gapStart + range[3]];
        System.arraycopy(pdf, 0, signed, 0, gapStart);
        System.arraycopy(pdf, gapEnd, signed, gapStart, range[3]);

        Optional<Instant> signedAt = Optional.ofNullable(signature.getSignDate()).map(Calendar::toInstant);
        return verifyCms(contents, signed, signedAt, expected, checks);
    }

    private static PdfVerification verifyCms(byte[] contents, byte[] signed, Optional<Instant> signedAt,
                                             ExpectedSigner expected, List<Check> checks) {
        CMSSignedData cms;
        SignerInformation signerInfo;
        X509Certificate certificate;
        try {
            // /Contents is zero-padded: read the first DER object only (BouncyCastle >= 1.85 refuses the padding).
            ContentInfo info;
            try (ASN1InputStream in = new ASN1InputStream(contents)) {
                info = ContentInfo.getInstance(in.readObject());
            }
            if (!PKCSObjectIdentifiers.signedData.equals(info.getContentType())) {
                throw new CMSException("content type " + info.getContentType() + " is not SignedData");
            }
            if (SignedData.getInstance(info.getContent()).getEncapContentInfo().getContent() != null) {
                throw new CMSException("the signature encapsulates content; PAdES signatures are detached");
            }
            cms = new CMSSignedData(new CMSProcessableByteArray(signed), info);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new CMSException(signers.size() + " signer infos; expected one");
            }
            signerInfo = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signerInfo.getSID());
            if (matches.isEmpty()) {
                throw new CMSException("the signer's certificate is not in the signature");
            }
            certificate = new JcaX509CertificateConverter().getCertificate(matches.iterator().next());
        } catch (IOException | RuntimeException | CMSException | CertificateException e) {
            checks.add(fail(CMS, "not a detached CMS SignedData with one signer and its certificate: "
                    + e.getMessage()));
            return new PdfVerification(checks, Optional.empty());
        }
        checks.add(pass(CMS, "detached SignedData, one signer, " + algorithmName(signerInfo)));

        AttributeTable attributes = signerInfo.getSignedAttributes();
        checks.add(messageDigest(signerInfo, attributes, signed));
        checks.add(signatureValue(signerInfo, certificate));
        checks.add(signingCertificate(attributes, certificate));
        signedAt.ifPresent(at -> checks.add(validAt(certificate, at)));

        boolean matched = false;
        if (expected != null) {
            matched = expected.matches(certificate);
            checks.add(matched ? pass(EXPECTED_SIGNER, "the signer is " + expected.describe())
                    : fail(EXPECTED_SIGNER, "signed by " + certificate.getSubjectX500Principal().getName()
                    + " (SHA-256 " + fingerprint(certificate) + "), not by " + expected.describe()));
        }
        Signer signer = new Signer(certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(), certificate.getSerialNumber().toString(16),
                fingerprint(certificate), signedAt, matched);
        return new PdfVerification(checks, Optional.of(signer));
    }

    /** Null when the byte range is [0, a, b, c] with a gap that is exactly one hex string; otherwise why not. */
    private static String rangeProblem(int[] range, byte[] pdf) {
        if (range == null || range.length != 4) {
            return "/ByteRange is missing or does not have 4 numbers";
        }
        long start = range[0];
        long gapStart = range[1];
        long gapEnd = range[2];
        long tailLength = range[3];
        if (start != 0) {
            return "the signed bytes do not start at the beginning of the file (offset " + start + ")";
        }
        if (gapStart <= 0 || gapEnd <= gapStart + 1 || tailLength < 0 || gapEnd + tailLength > pdf.length) {
            return "/ByteRange " + Arrays.toString(range) + " does not fit a file of " + pdf.length + " bytes";
        }
        if (pdf[(int) gapStart] != '<' || pdf[(int) gapEnd - 1] != '>' || (gapEnd - gapStart) % 2 != 0) {
            return "the bytes left out of the signature are not one hex string";
        }
        for (int i = (int) gapStart + 1; i < gapEnd - 1; i++) {
            if (Character.digit(pdf[i], 16) < 0) {
                return "the bytes left out of the signature are not one hex string (byte " + i + ")";
            }
        }
        return null;
    }

    private static Check messageDigest(SignerInformation signerInfo, AttributeTable attributes, byte[] signed) {
        Attribute attribute = attributes == null ? null : attributes.get(CMSAttributes.messageDigest);
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            return fail(MESSAGE_DIGEST, "the signature has no message-digest attribute");
        }
        byte[] claimed = ASN1OctetString.getInstance(attribute.getAttrValues().getObjectAt(0)).getOctets();
        byte[] actual;
        try {
            actual = digest(signerInfo.getDigestAlgorithmID(), signed);
        } catch (OperatorCreationException | IOException e) {
            return fail(MESSAGE_DIGEST, "unsupported digest algorithm " + signerInfo.getDigestAlgOID());
        }
        return MessageDigest.isEqual(claimed, actual)
                ? pass(MESSAGE_DIGEST, "the signed bytes hash to the signed message digest")
                : fail(MESSAGE_DIGEST, "the signed bytes do not hash to the signed message digest:"
                + " the document was changed after signing");
    }

    private static Check signatureValue(SignerInformation signerInfo, X509Certificate certificate) {
        try {
            boolean ok = signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
            return ok ? pass(SIGNATURE, "verifies with the signer's " + certificate.getPublicKey().getAlgorithm()
                    + " public key")
                    : fail(SIGNATURE, "does not verify with the signer's public key");
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            return fail(SIGNATURE, "does not verify with the signer's public key: " + e.getMessage());
        }
    }

    /** PAdES baseline: the signed attributes name the signer's certificate by hash (ESS signing-certificate-v2). */
    private static Check signingCertificate(AttributeTable attributes, X509Certificate certificate) {
        Attribute attribute = attributes == null ? null
                : attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (attribute == null) {
            return fail(SIGNING_CERTIFICATE, "missing: the signature does not bind its certificate (not PAdES)");
        }
        try {
            ESSCertIDv2[] ids = SigningCertificateV2.getInstance(attribute.getAttrValues().getObjectAt(0)).getCerts();
            if (ids.length == 0) {
                return fail(SIGNING_CERTIFICATE, "names no certificate");
            }
            byte[] hash = digest(ids[0].getHashAlgorithm(), certificate.getEncoded());
            return MessageDigest.isEqual(hash, ids[0].getCertHash())
                    ? pass(SIGNING_CERTIFICATE, "names the signer's certificate")
                    : fail(SIGNING_CERTIFICATE, "names another certificate than the one that signed");
        } catch (RuntimeException | OperatorCreationException | IOException | CertificateEncodingException e) {
            return fail(SIGNING_CERTIFICATE, "unreadable: " + e.getMessage());
        }
    }

    private static Check validAt(X509Certificate certificate, Instant at) {
        Instant from = certificate.getNotBefore().toInstant();
        Instant to = certificate.getNotAfter().toInstant();
        return !at.isBefore(from) && !at.isAfter(to)
                ? pass(CERTIFICATE_VALIDITY, "signed " + at + ", certificate valid " + from + " to " + to)
                : fail(CERTIFICATE_VALIDITY, "signed " + at + " but the certificate is valid only from " + from
                + " to " + to);
    }

    private static byte[] digest(AlgorithmIdentifier algorithm, byte[] data)
            throws OperatorCreationException, IOException {
        DigestCalculator calculator = new JcaDigestCalculatorProviderBuilder().build().get(algorithm);
        try (OutputStream out = calculator.getOutputStream()) {
            out.write(data);
        }
        return calculator.getDigest();
    }

    private static String algorithmName(SignerInformation signerInfo) {
        String digest = switch (signerInfo.getDigestAlgOID()) {
            case "2.16.840.1.101.3.4.2.1" -> "SHA-256";
            case "2.16.840.1.101.3.4.2.2" -> "SHA-384";
            case "2.16.840.1.101.3.4.2.3" -> "SHA-512";
            default -> signerInfo.getDigestAlgOID();
        };
        String key = switch (signerInfo.getEncryptionAlgOID()) {
            case "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", "1.2.840.10045.2.1" -> "ECDSA";
            case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12" -> "RSA";
            default -> signerInfo.getEncryptionAlgOID();
        };
        return digest + " with " + key;
    }

    /** SHA-256 of the DER certificate, as {@code ab:cd:...}: what a reader compares with a published fingerprint. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").formatHex(hash);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash a certificate", e);
        }
    }

    private static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    private static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }
}
