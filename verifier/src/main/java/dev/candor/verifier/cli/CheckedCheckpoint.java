package dev.candor.verifier.cli;

import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import dev.candor.verifier.note.NoteVerifier;
import dev.candor.verifier.note.SignedNote;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A checkpoint file whose signatures have been verified, and how to describe it. */
record CheckedCheckpoint(Checkpoint checkpoint, SignedNote.VerifiedNote note) {

    /** Reads and verifies a signed checkpoint; the exception message says what failed. */
    static CheckedCheckpoint read(String file, List<NoteVerifier> keys) throws NoteException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new NoteException("cannot read " + file + ": " + Sources.describe(e));
        }
        SignedNote.VerifiedNote note = SignedNote.open(bytes, keys);
        try {
            return new CheckedCheckpoint(Checkpoint.parse(note.text()), note);
        } catch (NoteException e) {
            throw new NoteException("the signature is valid but the note is not a checkpoint: " + e.getMessage(), e);
        }
    }

    void print(String label, PrintStream out) {
        out.println(label + "origin: " + checkpoint.origin());
        out.println(label + "size:   " + checkpoint.size());
        out.println(label + "root:   " + checkpoint.rootHashBase64());
        for (SignedNote.Signature s : note.verified()) {
            out.println(label + "signature OK:      " + s.name() + " " + s.keyIdHex());
        }
        for (SignedNote.Signature s : note.unverified()) {
            out.println(label + "signature ignored: " + s.name() + " " + s.keyIdHex() + " (not a trusted key)");
        }
    }
}
