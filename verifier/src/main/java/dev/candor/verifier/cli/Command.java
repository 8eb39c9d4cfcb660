package dev.candor.verifier.cli;

import java.io.PrintStream;
import java.util.List;

/** One CLI subcommand. Register new ones in {@link Main#COMMANDS}. */
interface Command {

    /** The word that selects this command, e.g. "checkpoint". */
    String name();

    /** One-line description for the command list. */
    String summary();

    /** Usage lines (without the program name). */
    String usage();

    /**
     * Runs the command. Returns {@link Main#OK} or {@link Main#FAILED}; throws {@link UsageException} for bad
     * arguments.
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws UsageException;
}
