package dev.candor.ledger.persistence;

/** The Idempotency-Key was used before with a different request. */
public class IdempotencyConflict extends RuntimeException {

    public IdempotencyConflict(String key) {
        super("Idempotency-Key '" + key + "' was used before with a different request", null, false, false);
    }
}
