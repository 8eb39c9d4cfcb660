package dev.candor.verifier.cli;

import dev.candor.verifier.note.NoteException;
import dev.candor.verifier.note.NoteVerifier;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code checkpoint <note-file> --key ...}: verifies a signed checkpoint. */
final class CheckpointCommand implements Command {

    @Override
    public String name() {
        return "checkpoint";
    }

    @Override
    public String summary() {
        return "verify the signature of a checkpoint";
    }

    @Override
    public String usage() {
        return "checkpoint <checkpoint-file> " + Keys.USAGE;
    }

    @Override
    public int run(List<String> argList, PrintStream out, PrintStream err) throws UsageException {
        Args args = Args.parse(argList, Set.of(Keys.KEY, Keys.KEY_FILE));
        if (args.positional().size() != 1) {
            throw new UsageException("expected exactly one checkpoint file");
        }
        List<NoteVerifier> keys = Keys.from(args);
        String file = args.positional().get(0);
        try {
            CheckedCheckpoint checked = CheckedCheckpoint.read(file, keys);
            checked.print("", out);
            out.println("VERIFIED: checkpoint " + file + " is signed by a trusted key");
            return Main.OK;
        } catch (NoteException e) {
            out.println("FAILED: checkpoint " + file + ": " + e.getMessage());
            return Main.FAILED;
        }
    }
}
