package dev.candor.ledger.domain;

import dev.candor.verifier.note.NoteSigner;
import dev.candor.verifier.note.NoteVerifier;

import java.util.List;

/** Checkpoint signers with chosen keys, for service tests that stand one in for the configured one. */
public final class TestSigners {

    private TestSigners() {
    }

    /** A signer as the service makes it from configuration: these keys sign, those are retired. */
    public static CheckpointSigner of(String origin, List<NoteSigner> signing, List<NoteVerifier> retired) {
        return new CheckpointSigner(CheckpointSignerTest.config(origin,
                signing.stream().map(NoteSigner::signerKey).toList(), null, null,
                retired.stream().map(NoteVerifier::verifierKey).toList()));
    }
}
