package dev.candor.ledger.domain;

import dev.candor.ledger.config.LedgerConfig;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteSigner;
import dev.candor.verifier.note.NoteVerifier;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs checkpoints (C2SP signed notes, Ed25519) with the configured key or keys, and knows every key a stored
 * checkpoint may carry: the signing keys and the retired ones (keys that signed before a rotation and sign no more).
 * Made at start ({@link Startup}), so a missing or malformed key stops the service there, not at the first checkpoint.
 */
@Startup
@ApplicationScoped
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);
    private static final String RETIRED_SETTING =
            "candor.ledger.signing.retired-verifier-keys (CANDOR_LEDGER_SIGNING_RETIRED_VERIFIER_KEYS)";

    private final List<NoteSigner> signers;
    private final List<NoteVerifier> retired;
    private final String origin;

    @Inject
    public CheckpointSigner(LedgerConfig config) {
        this.origin = config.origin();
        this.signers = loadSigners(config.signing());
        this.retired = loadRetired(config.signing().retiredVerifierKeys().orElse(List.of()),
                signers.stream().map(NoteSigner::verifier).toList());
    }

    public String origin() {
        return origin;
    }

    public String sign(long treeSize, byte[] root) {
        return Checkpoint.of(origin, treeSize, root).sign(signers);
    }

    /**
     * Every key the log's checkpoints may be signed with, as verifier keys ({@code name+hexid+base64}): the signing
     * keys, then the retired ones. What a verifier needs, and what the full check verifies stored checkpoints with.
     */
    public List<NoteVerifier> verifiers() {
        List<NoteVerifier> all = new ArrayList<>(signers.stream().map(NoteSigner::verifier).toList());
        all.addAll(retired);
        return List.copyOf(all);
    }

    /** The keys that signed before a rotation and sign no new checkpoint. */
    public List<NoteVerifier> retiredVerifiers() {
        return retired;
    }

    /**
     * The retired verifier keys, each checked: a malformed one, a private key given by mistake, or one that still
     * signs is refused with a message that names which one (never its text: it might be a private key).
     */
    private static List<NoteVerifier> loadRetired(List<String> texts, List<NoteVerifier> signing) {
        List<String> keys = texts.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
        List<NoteVerifier> result = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String which = "key " + (i + 1) + " of " + keys.size() + " in " + RETIRED_SETTING;
            if (keys.get(i).startsWith("PRIVATE+KEY+")) {
                throw new IllegalStateException(which + " is a private signer key: give its verifier key "
                        + "(name+hexid+base64, as /api/v1/log/keys lists it) and keep the private key out of it");
            }
            NoteVerifier key;
            try {
                key = NoteVerifier.parse(keys.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(which + " is not a verifier key name+hexid+base64: "
                        + e.getMessage(), e);
            }
            if (signing.contains(key)) {
                throw new IllegalStateException(which + " (" + key.name() + "+" + key.keyIdHex() + ") still signs: "
                        + "a key is either a signing key or retired, not both");
            }
            if (!result.contains(key)) {
                result.add(key);
            }
        }
        return List.copyOf(result);
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
