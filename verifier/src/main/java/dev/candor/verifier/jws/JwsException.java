package dev.candor.verifier.jws;

/** A JWS or JWK that does not verify or cannot be read; the message says what is wrong. */
public final class JwsException extends Exception {

    private static final long serialVersionUID = 1L;

    public JwsException(String message) {
        super(message);
    }
}
