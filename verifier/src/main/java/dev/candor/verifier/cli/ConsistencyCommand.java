package dev.candor.verifier.cli;

import dev.candor.verifier.merkle.ProofException;
import dev.candor.verifier.merkle.ProofVerifier;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import dev.candor.verifier.note.NoteVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code consistency <old> <new> --proof <file> --key ...}: verifies both checkpoints and that the new tree extends
 * the old one.
 */
final class ConsistencyCommand implements Command {

    private static final String PROOF = "--proof";

    @Override
    public String name() {
        return "consistency";
    }

    @Override
    public String summary() {
        return "verify that a newer checkpoint extends an older one (append-only)";
    }

    @Override
    public String usage() {
        return "consistency <old-checkpoint> <new-checkpoint> [--proof <file: one base64 hash per line>] " + Keys.USAGE
                + "\n    (--proof may be left out only when both checkpoints have the same size)";
    }

    @Override
    public int run(List<String> argList, PrintStream out, PrintStream err) throws UsageException {
        Args args = Args.parse(argList, Set.of(Keys.KEY, Keys.KEY_FILE, PROOF));
        if (args.positional().size() != 2) {
            throw new UsageException("expected an old and a new checkpoint file");
        }
        List<NoteVerifier> keys = Keys.from(args);
        String oldFile = args.positional().get(0);
        String newFile = args.positional().get(1);
        String proofFile = args.single(PROOF);

        CheckedCheckpoint oldCp;
        CheckedCheckpoint newCp;
        try {
            oldCp = CheckedCheckpoint.read(oldFile, keys);
        } catch (NoteException e) {
            out.println("FAILED: old checkpoint " + oldFile + ": " + e.getMessage());
            return Main.FAILED;
        }
        oldCp.print("old ", out);
        try {
            newCp = CheckedCheckpoint.read(newFile, keys);
        } catch (NoteException e) {
            out.println("FAILED: new checkpoint " + newFile + ": " + e.getMessage());
            return Main.FAILED;
        }
        newCp.print("new ", out);

        Checkpoint o = oldCp.checkpoint();
        Checkpoint n = newCp.checkpoint();
        if (!o.origin().equals(n.origin())) {
            out.println("FAILED: the checkpoints are from different logs (\"" + o.origin() + "\" vs \"" + n.origin() + "\")");
            return Main.FAILED;
        }
        List<byte[]> proof;
        try {
            proof = proofFile == null ? List.of() : readProof(proofFile);
        } catch (IOException e) {
            out.println("FAILED: consistency proof " + proofFile + ": cannot read: " + Sources.describe(e));
            return Main.FAILED;
        } catch (ProofException e) {
            out.println("FAILED: consistency proof " + proofFile + ": " + e.getMessage());
            return Main.FAILED;
        }
        out.println("proof:  " + proof.size() + " hashes");
        try {
            ProofVerifier.verifyConsistency(o.size(), n.size(), proof, o.rootHash(), n.rootHash());
        } catch (ProofException e) {
            out.println("FAILED: consistency " + o.size() + " -> " + n.size() + ": " + e.getMessage());
            return Main.FAILED;
        }
        out.println("VERIFIED: the tree of size " + n.size() + " extends the tree of size " + o.size()
                + " (log " + o.origin() + ")");
        return Main.OK;
    }

    /**
     * One base64 hash per line; blank lines are ignored.
     *
     * @throws IOException    the file cannot be read
     * @throws ProofException it does not hold a proof
     */
    static List<byte[]> readProof(String file) throws IOException, ProofException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProofException("not UTF-8 text");
        }
        List<byte[]> proof = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                proof.add(Base64.getDecoder().decode(line));
            } catch (IllegalArgumentException e) {
                throw new ProofException("line " + (i + 1) + " is not base64");
            }
        }
        return proof;
    }
}
