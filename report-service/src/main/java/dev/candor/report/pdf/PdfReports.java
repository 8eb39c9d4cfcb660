package dev.candor.report.pdf;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * Renders signed PDF reports: {@link #render} lays the content out ({@link PdfReportWriter}) and signs it
 * ({@link PdfReportSigner}, PAdES B-B). The signing key is read once; a configured keystore is checked at start so a
 * wrong path or password stops the service instead of the first report.
 */
@ApplicationScoped
public class PdfReports {

    private static final Logger LOG = Logger.getLogger(PdfReports.class);

    private final PdfSigningConfig config;
    private final PdfReportWriter writer = new PdfReportWriter();
    private volatile Loaded loaded;

    private record Loaded(PdfSigningKeys keys, PdfReportSigner signer) {
    }

    @Inject
    public PdfReports(PdfSigningConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.configured()) {
            loaded();
        } else {
            LOG.warn("no PDF signing certificate configured (candor.report.pdf.signing.keystore-file):"
                    + " PDF reports cannot be made");
        }
    }

    /** Writes the signed PDF of {@code content} to {@code out}, which is not closed. */
    public void render(PdfReportContent content, OutputStream out) throws IOException {
        ByteArrayOutputStream unsigned = new ByteArrayOutputStream(256 * 1024);
        writer.write(content, unsigned);
        loaded().signer().sign(unsigned.toByteArray(), Instant.now(), out);
    }

    /** The certificate PDF reports are signed with. */
    public X509Certificate signerCertificate() {
        return loaded().keys().chain().get(0);
    }

    /** The same as PEM, for readers to pass to {@code candor-verifier verify-pdf --cert}. */
    public String signerCertificatePem() {
        return loaded().keys().certificatePem();
    }

    /**
     * What report-service publishes for {@code verify-pdf --cert}: the signer's certificate as PEM — only the signer's,
     * not its issuers (the verifier accepts a signature by any certificate in the file it is given). There is one
     * signing key at a time and no list of retired certificates, so a PDF signed before the keystore was replaced
     * checks against the certificate its reader kept. Empty when no PDF signing is configured.
     */
    public Optional<String> publishedCertificatesPem() {
        return config.configured() ? Optional.of(signerCertificatePem()) : Optional.empty();
    }

    private Loaded loaded() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (this) {
                l = loaded;
                if (l == null) {
                    PdfSigningKeys keys = PdfSigningKeys.load(config);
                    l = new Loaded(keys, keys.signer());
                    loaded = l;
                }
            }
        }
        return l;
    }
}
