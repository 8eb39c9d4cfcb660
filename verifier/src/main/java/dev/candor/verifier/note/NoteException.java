package dev.candor.verifier.note;

/** A signed note or checkpoint is malformed, or its signatures do not verify. */
public final class NoteException extends Exception {

    private static final long serialVersionUID = 1L;

    public NoteException(String message) {
        super(message);
    }

    public NoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
