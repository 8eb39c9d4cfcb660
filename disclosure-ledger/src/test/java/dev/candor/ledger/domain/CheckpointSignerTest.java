package dev.candor.ledger.domain;

import dev.candor.ledger.config.LedgerConfig;
import dev.candor.verifier.merkle.Rfc6962;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import dev.candor.verifier.note.NoteSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key handling of the checkpoint signer: configured keys, key files, rotation, retired keys, dev keys. */
class CheckpointSignerTest {

    static LedgerConfig config(List<String> keys, List<String> files, String devKeyFile) {
        return config(keys, files, devKeyFile, null);
    }

    static LedgerConfig config(List<String> keys, List<String> files, String devKeyFile, List<String> retired) {
        return config("candor.dev/ledger/test", keys, files, devKeyFile, retired);
    }

    static LedgerConfig config(String origin, List<String> keys, List<String> files, String devKeyFile,
                               List<String> retired) {
        return new LedgerConfig() {
            public String origin() {
                return origin;
            }

            public Signing signing() {
                return new Signing() {
                    public Optional<List<String>> keys() {
                        return Optional.ofNullable(keys);
                    }

                    public Optional<List<String>> keyFiles() {
                        return Optional.ofNullable(files);
                    }

                    public Optional<String> devKeyFile() {
                        return Optional.ofNullable(devKeyFile);
                    }

                    public Optional<List<String>> retiredVerifierKeys() {
                        return Optional.ofNullable(retired);
                    }
                };
            }

            public Integration integration() {
                return null;
            }

            public Settlement settlement() {
                return null;
            }

            public Proofs proofs() {
                return null;
            }

            public int batchEntriesInFlight() {
                return 2000;
            }

            public Optional<String> clientSecret() {
                return Optional.empty();
            }
        };
    }

    @Test
    void duringARotationEveryCheckpointCarriesBothSignatures(@TempDir Path dir) throws Exception {
        NoteSigner old = NoteSigner.generate("candor-ledger-2025");
        NoteSigner fresh = NoteSigner.generate("candor-ledger-2026");
        Path file = dir.resolve("new.key");
        Files.writeString(file, fresh.signerKey() + "\n");
        CheckpointSigner signer = new CheckpointSigner(config(List.of(old.signerKey()), List.of(file.toString()), null));

        String note = signer.sign(7, Rfc6962.emptyRoot());

        assertThat(Checkpoint.open(note, List.of(old.verifier())).size()).isEqualTo(7);
        assertThat(Checkpoint.open(note, List.of(fresh.verifier())).size()).isEqualTo(7);
        assertThat(signer.verifiers()).extracting(v -> v.verifierKey())
                .containsExactly(old.verifier().verifierKey(), fresh.verifier().verifierKey());
        assertThatThrownBy(() -> Checkpoint.open(note, List.of(NoteSigner.generate("stranger").verifier())))
                .isInstanceOf(NoteException.class);
    }

    @Test
    void aRetiredKeyVerifiesOldCheckpointsAndSignsNoNewOne() throws Exception {
        NoteSigner old = NoteSigner.generate("candor-ledger-2025");
        NoteSigner fresh = NoteSigner.generate("candor-ledger-2026");
        String before = new CheckpointSigner(config(List.of(old.signerKey()), null, null)).sign(3, Rfc6962.emptyRoot());

        CheckpointSigner rotated = new CheckpointSigner(config(List.of(fresh.signerKey()), null, null,
                List.of(" " + old.verifier().verifierKey(), "", old.verifier().verifierKey())));

        assertThat(rotated.verifiers()).extracting(v -> v.verifierKey())
                .containsExactly(fresh.verifier().verifierKey(), old.verifier().verifierKey());
        assertThat(rotated.retiredVerifiers()).containsExactly(old.verifier());
        assertThat(Checkpoint.open(before, rotated.verifiers()).size()).isEqualTo(3);
        String after = rotated.sign(4, Rfc6962.emptyRoot());
        assertThat(Checkpoint.open(after, List.of(fresh.verifier())).size()).isEqualTo(4);
        assertThatThrownBy(() -> Checkpoint.open(after, rotated.retiredVerifiers()))
                .as("the retired key signs nothing new").isInstanceOf(NoteException.class);
    }

    @Test
    void aMalformedRetiredKeyStopsTheStartAndSaysWhichOne() {
        NoteSigner signing = NoteSigner.generate("candor-ledger-2026");
        NoteSigner old = NoteSigner.generate("candor-ledger-2025");
        List<String> signingKeys = List.of(signing.signerKey());

        assertThatThrownBy(() -> new CheckpointSigner(config(signingKeys, null, null,
                List.of(old.verifier().verifierKey(), "candor-ledger-2024+0000zzzz+AQ"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key 2 of 2 in candor.ledger.signing.retired-verifier-keys "
                        + "(CANDOR_LEDGER_SIGNING_RETIRED_VERIFIER_KEYS) is not a verifier key name+hexid+base64");
        assertThatThrownBy(() -> new CheckpointSigner(config(signingKeys, null, null, List.of(old.signerKey()))))
                .hasMessageContaining("key 1 of 1 in candor.ledger.signing.retired-verifier-keys")
                .hasMessageContaining("is a private signer key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(old.signerKey()));
        assertThatThrownBy(() -> new CheckpointSigner(config(signingKeys, null, null,
                List.of(signing.verifier().verifierKey()))))
                .hasMessageContaining("still signs");
    }

    @Test
    void aDevelopmentKeyIsMadeOnceAndKept(@TempDir Path dir) {
        Path file = dir.resolve("dev.key");
        CheckpointSigner first = new CheckpointSigner(config(null, null, file.toString()));
        CheckpointSigner second = new CheckpointSigner(config(null, null, file.toString()));
        assertThat(first.verifiers().get(0).verifierKey()).isEqualTo(second.verifiers().get(0).verifierKey());
    }

    @Test
    void withoutAnyKeyTheLedgerDoesNotStart() {
        assertThatThrownBy(() -> new CheckpointSigner(config(null, null, null)))
                .hasMessageContaining("no checkpoint signing key");
    }
}
