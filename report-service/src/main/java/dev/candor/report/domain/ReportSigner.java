package dev.candor.report.domain;

import dev.candor.report.config.ReportConfig;
import dev.candor.verifier.jws.DetachedJws;
import dev.candor.verifier.jws.Jwk;
import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.note.Ed25519Keys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs reports (detached EdDSA JWS over the SHA-256 of the canonical report) with the configured Ed25519 key, and publishes the
 * current key and every retired one as a JWKS.
 */
@ApplicationScoped
public class ReportSigner {

    private static final Logger LOG = Logger.getLogger(ReportSigner.class);

    private final KeyPair key;
    private final Jwk current;
    private final JwkSet published;

    @Inject
    public ReportSigner(ReportConfig config) {
        byte[] seed = loadSeed(config.signing());
        this.key = Ed25519Keys.keyPair(seed);
        this.current = Jwk.of(key.getPublic());
        List<Jwk> keys = new ArrayList<>(List.of(current));
        config.signing().retiredPublicKeys().ifPresent(retired -> retired.stream().map(String::trim)
                .filter(k -> !k.isEmpty()).map(k -> Jwk.of(Base64.getUrlDecoder().decode(k)))
                .filter(k -> !k.kid().equals(current.kid())).forEach(keys::add));
        this.published = new JwkSet(keys);
    }

    public String kid() {
        return current.kid();
    }

    public JwkSet jwks() {
        return published;
    }

    /**
     * Adds the {@code jws} member: a detached JWS over the SHA-256 of the canonical report ({@code candor-report/2}),
     * computed by streaming the spooled report through the digest.
     */
    public void sign(SpooledReport report) {
        report.sign(sha256 -> DetachedJws.signDigest(key.getPrivate(), current.kid(), sha256));
    }

    private static byte[] loadSeed(ReportConfig.Signing signing) {
        if (signing.key().isPresent() && !signing.key().get().isBlank()) {
            return decode(signing.key().get(), "candor.report.signing.key");
        }
        if (signing.keyFile().isPresent()) {
            return decode(read(Path.of(signing.keyFile().get())), signing.keyFile().get());
        }
        if (signing.devKeyFile().isPresent()) {
            return devKey(Path.of(signing.devKeyFile().get()));
        }
        throw new IllegalStateException("no report signing key: set candor.report.signing.key "
                + "(CANDOR_REPORT_SIGNING_KEY) or candor.report.signing.key-file");
    }

    /** A development key, made once and kept in a file that only its owner can read. */
    private static byte[] devKey(Path file) {
        try {
            if (Files.exists(file)) {
                return decode(read(file), file.toString());
            }
            byte[] seed = Ed25519Keys.newSeed();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(seed) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            LOG.warnf("made a development report signing key in %s (kid %s)", file,
                    Jwk.of(Ed25519Keys.keyPair(seed).getPublic()).kid());
            return seed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the development key " + file, e);
        }
    }

    private static byte[] decode(String text, String where) {
        try {
            byte[] seed = Base64.getUrlDecoder().decode(text.trim());
            if (seed.length == Ed25519Keys.KEY_SIZE) {
                return seed;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalStateException("the report signing key in " + where
                + " is not base64url of a 32-byte Ed25519 seed");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read report signing key file " + file, e);
        }
    }
}
