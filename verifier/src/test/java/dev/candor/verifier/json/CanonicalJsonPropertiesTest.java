package dev.candor.verifier.json;

import static dev.candor.verifier.TestSeed.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.candor.verifier.TestSeed;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link CanonicalJson#es6(double)} over many doubles: hand-picked edge cases, exhaustive powers of
 * two and of ten, and random samples of several shapes drawn from {@link TestSeed}.
 */
class CanonicalJsonPropertiesTest {

    /** Doubles per random sample. */
    static final int SAMPLE = 1000;

    static Stream<Arguments> doubles() {
        Random random = TestSeed.random("es6 doubles");
        return Stream.of(
                argumentSet("edge cases", (Object) edgeCases()),
                // Every power of two from 2^-100 to 2^100, and every 8th one outside that, down to the subnormals.
                // (Extreme magnitudes are slow to print exactly, so they are thinned out.)
                argumentSet("powers of two", (Object) IntStream.rangeClosed(-1074, 1023)
                        .filter(e -> Math.abs(e) <= 100 || e % 8 == 0 || e == -1074 || e == 1023)
                        .mapToDouble(e -> Math.scalb(1.0, e)).toArray()),
                // Every power of ten that is a finite non-zero double; with its neighbours from 10^-30 to 10^30.
                argumentSet("powers of ten", (Object) powersOfTen()),
                // Uniform over bit patterns: every exponent is equally likely, so mostly huge and tiny magnitudes.
                argumentSet("random bit patterns", (Object) sample(() -> Double.longBitsToDouble(random.nextLong()))),
                // Uniform in [-1e6, 1e6): plain decimal notation with 16-17 significant digits.
                argumentSet("random uniform in [-1e6, 1e6)", (Object) sample(() -> random.nextDouble() * 2e6 - 1e6)),
                // Few significant digits at any scale: the shortest form is short and must be found exactly.
                argumentSet("random short decimals", (Object) sample(() -> Double.parseDouble(
                        (random.nextBoolean() ? "-" : "") + random.nextInt(1_000_000) + "e" + (random.nextInt(640) - 330)))),
                // Integers of every magnitude, around 2^53 and beyond.
                argumentSet("random integers", (Object) sample(() -> (double) (random.nextLong() >> random.nextInt(64)))),
                // Near the switches between plain and exponent notation (10^-7 .. 10^-6 and 10^21).
                argumentSet("random near the notation thresholds", (Object) sample(() -> {
                    double threshold = random.nextBoolean() ? 1e21 : random.nextBoolean() ? 1e-6 : 1e-7;
                    return threshold * (1 + (random.nextDouble() - 0.5) * Math.scalb(1.0, -random.nextInt(53)));
                })));
    }

    static double[] edgeCases() {
        return new double[] {
            0.0, -0.0, 1, -1, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.5, 4.35, 4.5, 2e-3, 123e-20,
            333333333.33333329, 1e30, 1e-27, 1e21, Math.nextDown(1e21), Math.nextUp(1e21), 1e20, 1e22, 1e23,
            1e-6, Math.nextDown(1e-6), 1e-7, Math.nextUp(1e-7), 0.000001, 0.0000001,
            9007199254740991.0, 9007199254740992.0, 9007199254740994.0, -9007199254740991.0,
            Double.MIN_VALUE, -Double.MIN_VALUE, 2 * Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Double.MAX_VALUE, -Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), Long.MAX_VALUE, Long.MIN_VALUE,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Math.PI, Math.E, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308,
        };
    }

    static double[] powersOfTen() {
        DoubleStream.Builder values = DoubleStream.builder();
        for (int e = -323; e <= 308; e++) {
            double d = Double.parseDouble("1e" + e);
            values.add(d);
            if (Math.abs(e) <= 30) {
                values.add(Math.nextDown(d)).add(Math.nextUp(d));
            }
        }
        return values.build().toArray();
    }

    private static double[] sample(DoubleSupplier next) {
        double[] values = new double[SAMPLE];
        for (int i = 0; i < SAMPLE; ) {
            double value = next.getAsDouble();
            if (Double.isFinite(value)) {
                values[i++] = value;
            }
        }
        return values;
    }

    /** Whatever the double, its ECMAScript form reads back as the same double. */
    @ParameterizedTest
    @MethodSource("doubles")
    void es6FormRoundTrips(double[] values) {
        assertThat(values).isNotEmpty();
        for (double value : values) {
            String where = at("es6(%s) (bits 0x%016x)", value, Double.doubleToRawLongBits(value));
            String text = CanonicalJson.es6(value);
            assertThat(Double.parseDouble(text)).as(where + " = \"" + text + "\"").isEqualTo(value == 0 ? 0.0 : value);
            // And the canonical form of a parsed canonical number is itself (idempotence).
            assertThat(CanonicalJson.es6(Double.parseDouble(text))).as(where + " = \"" + text + "\"").isEqualTo(text);
        }
    }
}
