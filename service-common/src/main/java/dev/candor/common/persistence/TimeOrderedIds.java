package dev.candor.common.persistence;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74 random bits. Ids of rows written at a high rate
 * (decisions, ledger entries) use these instead of v4 so that their unique indexes grow at the right edge: a random
 * v4 lands on a random B-tree page, and after each checkpoint every such page costs a full-page image in the WAL.
 * The 74 random bits come from the same source as {@link UUID#randomUUID()}'s 122.
 */
public final class TimeOrderedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** A v7 id for the given Unix time in milliseconds. */
    public static UUID at(long unixMillis) {
        if (unixMillis < 0 || unixMillis >= 1L << 48) {
            throw new IllegalArgumentException("a UUIDv7 holds 48 bits of milliseconds: " + unixMillis);
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long msb = unixMillis << 16 | 0x7000L | ((random[0] & 0x0fL) << 8) | (random[1] & 0xffL);
        long lsb = 0x8000_0000_0000_0000L | ((random[2] & 0x3fL) << 56);
        for (int i = 3; i < 10; i++) {
            lsb |= (random[i] & 0xffL) << (8 * (9 - i));
        }
        return new UUID(msb, lsb);
    }

    /** The Unix milliseconds a v7 id was made at. */
    public static long unixMillis(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a UUIDv7: " + id);
        }
        return id.getMostSignificantBits() >>> 16;
    }
}
