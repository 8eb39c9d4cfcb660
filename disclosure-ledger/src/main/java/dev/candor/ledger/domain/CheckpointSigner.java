package dev.candor.ledger.domain;

import dev.candor.ledger.config.LedgerConfig;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteSigner;
import dev.candor.verifier.note.NoteVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Signs checkpoints (C2SP signed notes, Ed25519) with the configured key or keys. */
@ApplicationScoped
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);

    private final List<NoteSigner> signers;
    private final String origin;

    @Inject
    public CheckpointSigner(LedgerConfig config) {
        this.origin = config.origin();
        this.signers = loadSigners(config.signing());
    }

    public String origin() {
        return origin;
    }

    public String sign(long treeSize, byte[] root) {
        return Checkpoint.of(origin, treeSize, root).sign(signers);
    }

    /** The verifier keys of every signing key, {@code name+hexid+base64}: what a verifier needs. */
    public List<NoteVerifier> verifiers() {
        return signers.stream().map(NoteSigner::verifier).toList();
    }

    private static List<NoteSigner> loadSigners(LedgerConfig.Signing signing) {
        List<NoteSigner> result = new ArrayList<>();
        signing.keys().ifPresent(keys -> keys.stream().filter(k -> !k.isBlank()).map(String::trim)
                .map(NoteSigner::parse).forEach(result::add));
        signing.keyFiles().ifPresent(files -> files.forEach(f -> result.add(NoteSigner.parse(read(Path.of(f))))));
        if (result.isEmpty() && signing.devKeyFile().isPresent()) {
            result.add(devKey(Path.of(signing.devKeyFile().get())));
        }
        if (result.isEmpty()) {
            throw new IllegalStateException("no checkpoint signing key: set candor.ledger.signing.keys "
                    + "(CANDOR_LEDGER_SIGNING_KEYS) or candor.ledger.signing.key-files");
        }
        return List.copyOf(result);
    }

    /** A development key, made once and kept in a file that only its owner can read. */
    private static NoteSigner devKey(Path file) {
        try {
            if (Files.exists(file)) {
                return NoteSigner.parse(read(file));
            }
            NoteSigner signer = NoteSigner.generate("candor-ledger-dev");
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, signer.signerKey() + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            LOG.warnf("made a development checkpoint key in %s (verifier key %s)", file,
                    signer.verifier().verifierKey());
            return signer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the development key " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read signing key file " + file, e);
        }
    }
}
