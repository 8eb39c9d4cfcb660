package dev.candor.report.pdf;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/** The PDF signer's key and certificate chain: from a PKCS#12 file, or a development certificate made locally. */
public record PdfSigningKeys(PrivateKey key, List<X509Certificate> chain) {

    private static final Logger LOG = Logger.getLogger(PdfSigningKeys.class);
    private static final String DEV_ALIAS = "candor-report-signer";
    private static final SecureRandom RANDOM = new SecureRandom();

    public PdfSigningKeys {
        chain = List.copyOf(chain);
    }

    public PdfReportSigner signer() {
        return new PdfReportSigner(key, chain);
    }

    /** The configured keystore, else the development one (made if missing); fails saying what to configure. */
    public static PdfSigningKeys load(PdfSigningConfig config) {
        if (config.keystoreFile().isPresent()) {
            Path file = Path.of(config.keystoreFile().get());
            char[] password = config.keystorePassword().map(String::toCharArray)
                    .or(() -> config.keystorePasswordFile().map(f -> readPassword(Path.of(f))))
                    .orElseThrow(() -> new IllegalStateException("the PDF signing keystore " + file + " needs a password:"
                            + " set candor.report.pdf.signing.keystore-password or keystore-password-file"));
            return fromPkcs12(file, password, config.keyAlias().orElse(null));
        }
        if (config.devKeystoreFile().isPresent()) {
            return development(Path.of(config.devKeystoreFile().get()));
        }
        throw new IllegalStateException("no PDF signing certificate: set candor.report.pdf.signing.keystore-file"
                + " (CANDOR_REPORT_PDF_SIGNING_KEYSTORE_FILE) with its password, or dev-keystore-file for development");
    }

    /** Reads a PKCS#12 file; with no alias it must hold exactly one key entry. */
    public static PdfSigningKeys fromPkcs12(Path file, char[] password, String alias) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String chosen = alias;
            if (chosen == null) {
                List<String> keys = new ArrayList<>();
                for (String a : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(a)) {
                        keys.add(a);
                    }
                }
                if (keys.size() != 1) {
                    throw new IllegalStateException("the PDF signing keystore " + file + " holds " + keys.size()
                            + " keys " + keys + ": set candor.report.pdf.signing.key-alias");
                }
                chosen = keys.get(0);
            }
            if (!store.isKeyEntry(chosen)) {
                throw new IllegalStateException("the PDF signing keystore " + file + " has no key named " + chosen);
            }
            PrivateKey key = (PrivateKey) store.getKey(chosen, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(chosen)) {
                chain.add((X509Certificate) c);
            }
            return new PdfSigningKeys(key, chain);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the PDF signing keystore " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the PDF signing keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /** The development keystore at {@code file}, made with a random password (in {@code file.password}) if missing. */
    static synchronized PdfSigningKeys development(Path file) {
        Path passwordFile = file.resolveSibling(file.getFileName() + ".password");
        if (Files.exists(file)) {
            return fromPkcs12(file, readPassword(passwordFile), DEV_ALIAS);
        }
        PdfSigningKeys keys = selfSigned("Candor report signer (development only)", Duration.ofDays(3 * 365));
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        char[] password = HexFormat.of().formatHex(secret).toCharArray();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writePrivate(passwordFile, new String(password).getBytes(StandardCharsets.US_ASCII));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(DEV_ALIAS, keys.key(), password, keys.chain().toArray(new Certificate[0]));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            restrict(file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the development PDF signing keystore " + file, e);
        }
        LOG.warnf("made a development PDF signing certificate in %s (SHA-256 %s): PDF reports signed with it are for"
                + " development only", file, keys.fingerprint());
        return keys;
    }

    /** A new EC P-256 key with a self-signed certificate for document signing. */
    public static PdfSigningKeys selfSigned(String commonName, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("O=Candor,CN=" + commonName.replace(",", "\\,"));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(63, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(validity)), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new PdfSigningKeys(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot make a signing certificate", e);
        }
    }

    /** The signer certificate as PEM: what a reader passes to {@code candor-verifier verify-pdf --cert}. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(chain.get(0).getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the signer certificate, {@code ab:cd:...}, as the verifier prints it. */
    public String fingerprint() {
        try {
            return HexFormat.ofDelimiter(":").formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static char[] readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PDF signing keystore password file " + file, e);
        }
    }

    private static void writePrivate(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        restrict(file);
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }
}
