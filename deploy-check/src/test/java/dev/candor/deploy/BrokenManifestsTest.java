package dev.candor.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each fixture under {@code src/test/fixtures/broken/} is the real {@code k8s/base} with one deliberate defect; its
 * {@code expected.txt} holds what the check must report, one line per problem expected. So every rule is shown to
 * fail when the manifests it guards are broken — the rules {@link K8sManifestsTest} shows to hold on the real ones.
 */
class BrokenManifestsTest {

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> dirs = Files.list(Repo.root().resolve("deploy-check/src/test/fixtures/broken"))) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aBrokenManifestIsReported(Path fixture) throws IOException {
        List<String> expected = Files.readAllLines(fixture.resolve("expected.txt")).stream()
                .filter(line -> !line.isBlank()).toList();

        List<String> problems = ManifestCheck.check(fixture);

        assertThat(expected).isNotEmpty();
        for (String words : expected) {
            assertThat(problems).as("problems found in %s", fixture.getFileName())
                    .anySatisfy(problem -> assertThat(problem).contains(words));
        }
    }
}
