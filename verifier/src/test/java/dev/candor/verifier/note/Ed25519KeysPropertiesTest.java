package dev.candor.verifier.note;

import static dev.candor.verifier.TestSeed.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.verifier.TestSeed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Raw Ed25519 keys over many seeds: a few fixed ones and a random sample drawn from {@link TestSeed}. */
class Ed25519KeysPropertiesTest {

    /** Random seeds, on top of the fixed ones. */
    static final int SAMPLE = 200;

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(new byte[32]);
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        seeds.add(ones);
        byte[] counting = new byte[32];
        for (int i = 0; i < counting.length; i++) {
            counting[i] = (byte) i;
        }
        seeds.add(counting);
        // RFC 8032 section 7.1, TEST 1.
        seeds.add(HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Random random = TestSeed.random("ed25519 seeds");
        for (int i = 0; i < SAMPLE; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            seeds.add(seed);
        }
        return seeds;
    }

    static Stream<String> hexSeeds() {
        return seeds().stream().map(HexFormat.of()::formatHex);
    }

    /** Raw public keys survive the trip through the JDK's EdECPoint (x parity bit, little-endian y). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("hexSeeds")
    void rawPublicKeyRoundTrip(String hexSeed) {
        byte[] seed = HexFormat.of().parseHex(hexSeed);
        String where = at("Ed25519 seed %s", hexSeed);
        byte[] raw = Ed25519Keys.rawPublicKey(Ed25519Keys.keyPair(seed).getPublic());
        assertThat(Ed25519Keys.rawPublicKey(Ed25519Keys.publicKey(raw))).as(where).isEqualTo(raw);
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        byte[] signature = Ed25519Keys.sign(Ed25519Keys.privateKey(seed), message);
        assertThat(Ed25519Keys.verify(Ed25519Keys.publicKey(raw), message, signature)).as(where).isTrue();
    }

    /** The sample exercises both values of the x parity bit (the top bit of the last raw byte). */
    @Test
    void seedsCoverBothParitiesOfX() {
        long odd = seeds().stream()
                .map(seed -> Ed25519Keys.rawPublicKey(Ed25519Keys.keyPair(seed).getPublic()))
                .filter(raw -> (raw[31] & 0x80) != 0)
                .count();
        assertThat(odd).as(at("public keys with odd x among %d seeds", seeds().size()))
                .isPositive().isLessThan(seeds().size());
    }
}
