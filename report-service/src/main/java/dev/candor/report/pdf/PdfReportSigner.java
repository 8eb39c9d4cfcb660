package dev.candor.report.pdf;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Signs a PDF as PAdES baseline B-B: an incremental update adds one signature dictionary with SubFilter
 * {@code ETSI.CAdES.detached}; its value is a detached CMS SignedData over the whole file except the value itself,
 * whose signed attributes are content-type, message-digest, CMS algorithm protection and signing-certificate-v2 (the
 * signer's certificate by SHA-256). No signing-time attribute: PAdES puts the time in the dictionary's /M.
 * <p>
 * The key is EC P-256 (SHA256withECDSA) or RSA (SHA256withRSA); common PDF readers do not accept Ed25519 here.
 */
public final class PdfReportSigner {

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final String algorithm;
    private final Attribute signingCertificate;
    private final String signerName;

    /** @param chain the signer's certificate first, then any intermediates to embed */
    public PdfReportSigner(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no signer certificate");
        }
        this.key = key;
        this.chain = List.copyOf(chain);
        this.algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException(
                    "PDF signing needs an EC (P-256) or RSA key, not " + key.getAlgorithm());
        };
        this.signingCertificate = signingCertificateV2(chain.get(0));
        this.signerName = commonName(chain.get(0));
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Reads {@code pdf}, adds the signature and writes the signed file to {@code out} (which is not closed). */
    public void sign(byte[] pdf, Instant signingTime, OutputStream out) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(signerName);
            signature.setReason("Candor transparency report: signed so that anyone can check it is unchanged");
            Calendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ENGLISH);
            when.setTimeInMillis(signingTime.toEpochMilli());
            signature.setSignDate(when);
            options.setPreferredSignatureSize(signatureSize());
            doc.addSignature(signature, this::cms, options);
            doc.saveIncremental(out);
        }
    }

    /** The CMS SignedData for the bytes PDFBox hands over (the file without the signature value). */
    private byte[] cms(InputStream content) throws IOException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(key);
            JcaSignerInfoGeneratorBuilder signerInfo =
                    new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build());
            signerInfo.setSignedAttributeGenerator(new PadesSignedAttributes(signingCertificate));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo.build(contentSigner, chain.get(0)));
            generator.addCertificates(new JcaCertStore(chain));
            return generator.generate(new CMSProcessableByteArray(content.readAllBytes()), false).getEncoded("DER");
        } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
            throw new IOException("cannot sign the PDF: " + e.getMessage(), e);
        }
    }

    /** Room for the CMS value: the certificates, the signer info and slack (hex doubles it in the file). */
    private int signatureSize() {
        int certificates = 0;
        for (X509Certificate c : chain) {
            try {
                certificates += c.getEncoded().length;
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return certificates + 2048;
    }

    /** The default CMS signed attributes without signing-time, plus signing-certificate-v2. */
    private static final class PadesSignedAttributes implements CMSAttributeTableGenerator {
        private final CMSAttributeTableGenerator defaults;

        PadesSignedAttributes(Attribute signingCertificate) {
            this.defaults = new DefaultSignedAttributeTableGenerator(new AttributeTable(signingCertificate));
        }

        @Override
        public AttributeTable getAttributes(@SuppressWarnings("rawtypes") java.util.Map parameters) {
            return defaults.getAttributes(parameters).remove(CMSAttributes.signingTime);
        }
    }

    private static Attribute signingCertificateV2(X509Certificate certificate) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            IssuerSerial issuerSerial = new IssuerSerial(
                    new GeneralNames(new GeneralName(X500Name.getInstance(
                            certificate.getIssuerX500Principal().getEncoded()))),
                    certificate.getSerialNumber());
            // SHA-256 is ESSCertIDv2's default hash algorithm, so the one-argument form encodes it by omission.
            ESSCertIDv2 id = new ESSCertIDv2(hash, issuerSerial);
            return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(new ESSCertIDv2[]{id})));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash the signer certificate", e);
        }
    }

    private static String commonName(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the whole name
        }
        return dn;
    }
}
