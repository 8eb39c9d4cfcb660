package dev.candor.verifier.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The offline Candor verifier: {@code java -jar candor-verifier.jar <command> ...}.
 * <p>
 * Exit codes: 0 everything verified, 1 a verification failed (the last line names what), 2 bad command line, 3 the
 * document is intact but who signed it was not checked ({@code verify-pdf} without {@code --cert}).
 */
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /**
     * Intact, but the signer was not checked: the signature holds, by a key nobody compared with the expected one —
     * which anyone who re-signs a changed document has. Not 0, so a script that checks the exit code cannot take it
     * for a verified document.
     */
    public static final int INTACT_SIGNER_UNCHECKED = 3;

    /** Every subcommand; add new ones here. */
    static final List<Command> COMMANDS = List.of(new CheckpointCommand(), new ConsistencyCommand(),
            new VerifyCommand(), new VerifyPdfCommand());

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI without exiting the JVM; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printHelp(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        Command command = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("unknown command: " + args[0]);
            printHelp(err);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println("usage: candor-verifier " + command.usage());
            return OK;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("usage: candor-verifier " + command.usage());
            return USAGE;
        }
    }

    private static void printHelp(PrintStream out) {
        out.println("Candor offline verifier");
        out.println();
        out.println("usage: candor-verifier <command> [arguments]");
        out.println();
        out.println("commands:");
        for (Command c : COMMANDS) {
            out.printf("  %-12s %s%n", c.name(), c.summary());
        }
        out.println();
        for (Command c : COMMANDS) {
            out.println("  candor-verifier " + c.usage());
        }
        out.println();
        out.println("Verifier keys have the form name+hexkeyid+base64(0x01 || ed25519 public key).");
        out.println("Exit codes: 0 verified, 1 verification failed, 2 bad command line,");
        out.println("            3 intact but the signer not checked (verify-pdf without --cert).");
    }
}
