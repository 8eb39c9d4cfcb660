package dev.candor.verifier;

import java.util.Random;

/**
 * The seed for the randomised (property) tests.
 * <p>
 * Every random case is drawn from a {@link Random} seeded from {@link #SEED}, so a run is reproducible: the seed is
 * printed once per test JVM and is part of every assertion message. To repeat a failing run, pass the seed back:
 * {@code ./mvnw -pl verifier verify -Dcandor.test.seed=<seed>} (decimal, or hex with a 0x prefix).
 */
public final class TestSeed {

    public static final String PROPERTY = "candor.test.seed";

    /** Used when {@value #PROPERTY} is not set: ASCII "candor". */
    public static final long DEFAULT = 0x63616e646f72L;

    public static final long SEED = parse(System.getProperty(PROPERTY));

    static {
        System.out.println("[candor] randomised tests use seed " + SEED + " (repeat with -D" + PROPERTY + "=" + SEED + ")");
    }

    private TestSeed() {
    }

    private static long parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return Long.decode(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a long, got '" + value + "'", e);
        }
    }

    /**
     * A fresh generator for one named stream of cases. Each stream depends only on the seed and its name, so the
     * cases do not change with the order in which JUnit calls the sources.
     */
    public static Random random(String stream) {
        return new Random(SEED * 31 + stream.hashCode());
    }

    /** An assertion description: the case, then the seed that reproduces it. */
    public static String at(String format, Object... args) {
        return String.format(format, args) + " [seed " + SEED + ", -D" + PROPERTY + "=" + SEED + "]";
    }
}
