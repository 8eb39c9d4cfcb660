package dev.candor.verifier.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transparency-dev/merkle test vectors (src/test/resources/testdata/merkle, Apache 2.0), one case per file. */
class VectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> inclusionVectors() throws Exception {
        return vectors("inclusion");
    }

    static Stream<Arguments> consistencyVectors() throws Exception {
        return vectors("consistency");
    }

    private static Stream<Arguments> vectors(String kind) throws IOException, URISyntaxException {
        Path root = Path.of(VectorTest.class.getResource("/testdata/merkle/" + kind).toURI());
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                cases.add(Arguments.of(root.relativize(file).toString(), JSON.readTree(file.toFile())));
            }
        }
        assertThat(cases).as(kind + " vectors").hasSizeGreaterThan(50);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionVectors")
    void inclusion(String name, JsonNode v) {
        long index = u64(v.get("leafIdx"));
        long size = u64(v.get("treeSize"));
        byte[] leafHash = b64(v.get("leafHash"));
        List<byte[]> proof = hashes(v.get("proof"));
        byte[] root = b64(v.get("root"));
        if (v.get("wantErr").booleanValue()) {
            assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, size, leafHash, proof, root))
                    .isInstanceOf(ProofException.class);
        } else {
            assertThatCode(() -> ProofVerifier.verifyInclusion(index, size, leafHash, proof, root))
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyVectors")
    void consistency(String name, JsonNode v) {
        long size1 = u64(v.get("size1"));
        long size2 = u64(v.get("size2"));
        List<byte[]> proof = hashes(v.get("proof"));
        byte[] root1 = b64(v.get("root1"));
        byte[] root2 = b64(v.get("root2"));
        if (v.get("wantErr").booleanValue()) {
            assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2))
                    .isInstanceOf(ProofException.class);
        } else {
            assertThatCode(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2))
                    .doesNotThrowAnyException();
        }
    }

    /** roots.json: the standard 8 leaves and the roots of their prefixes, sizes 0..8. */
    @Test
    void rootsOfSmallTrees() throws Exception {
        JsonNode v = JSON.readTree(VectorTest.class.getResource("/testdata/merkle/roots.json"));
        HexFormat hex = HexFormat.of();
        List<byte[]> leaves = new ArrayList<>();
        v.get("leafInputsHex").forEach(n -> leaves.add(hex.parseHex(n.textValue())));
        JsonNode roots = v.get("rootHashHexBySize");
        assertThat(roots.size()).isEqualTo(9);

        InMemoryTree tree = new InMemoryTree();
        CompactRange range = CompactRange.empty();
        assertThat(hex.formatHex(Rfc6962.emptyRoot())).isEqualTo(roots.get(0).textValue());
        for (int n = 0; n <= 8; n++) {
            String want = roots.get(n).textValue();
            assertThat(hex.formatHex(tree.root())).as("tree root %d", n).isEqualTo(want);
            assertThat(hex.formatHex(range.root())).as("compact range root %d", n).isEqualTo(want);
            if (n < 8) {
                tree.appendLeaf(leaves.get(n));
                range.append(Rfc6962.leafHash(leaves.get(n)), null);
            }
        }
        for (int n = 0; n <= 8; n++) {
            assertThat(hex.formatHex(tree.root(n))).as("historical root %d", n).isEqualTo(roots.get(n).textValue());
        }
    }

    /** Unsigned 64-bit sizes in the vectors; values beyond Long.MAX_VALUE become negative, which is refused. */
    private static long u64(JsonNode n) {
        return new BigInteger(n.asText()).longValue();
    }

    private static byte[] b64(JsonNode n) {
        return n == null || n.isNull() ? new byte[0] : Base64.getDecoder().decode(n.textValue());
    }

    private static List<byte[]> hashes(JsonNode n) {
        List<byte[]> result = new ArrayList<>();
        if (n != null && !n.isNull()) {
            n.forEach(h -> result.add(b64(h)));
        }
        return result;
    }
}
