package dev.candor.verifier.cli;

/** The command line itself is wrong (exit code 2), as opposed to a failed verification (exit code 1). */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
