package dev.candor.verifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.verifier.merkle.InMemoryTree;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {

    private static final String ORIGIN = "candor.example/ledger";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path dir;
    private NoteSigner signer;
    private InMemoryTree tree;

    @BeforeEach
    void setUp() throws IOException {
        // Under target/, independent of java.io.tmpdir.
        dir = Files.createDirectories(Path.of("target", "cli-test"));
        signer = NoteSigner.generate(ORIGIN);
        tree = new InMemoryTree();
        for (int i = 0; i < 21; i++) {
            tree.appendLeaf(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path writeCheckpoint(String name, long size) throws IOException {
        String note = Checkpoint.of(ORIGIN, size, tree.root(size)).sign(List.of(signer));
        return Files.writeString(dir.resolve(name), note, StandardCharsets.UTF_8);
    }

    private Path writeProof(String name, List<byte[]> proof) throws IOException {
        String text = proof.stream().map(h -> Base64.getEncoder().encodeToString(h)).collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void verifiesAGoodCheckpoint() throws IOException {
        Path file = writeCheckpoint("good.checkpoint", 21);
        int code = run("checkpoint", file.toString(), "--key", signer.verifier().verifierKey());
        assertThat(code).as(stdout()).isZero();
        assertThat(stdout()).contains("origin: " + ORIGIN).contains("size:   21").contains("VERIFIED");
    }

    @Test
    void rejectsATamperedCheckpoint() throws IOException {
        Path file = writeCheckpoint("tampered.checkpoint", 21);
        Files.writeString(file, Files.readString(file).replace("\n21\n", "\n22\n"));
        int code = run("checkpoint", file.toString(), "--key", signer.verifier().verifierKey());
        assertThat(code).isEqualTo(Main.FAILED);
        assertThat(stdout()).contains("FAILED").contains("invalid signature");
    }

    @Test
    void rejectsACheckpointSignedByAnotherKey() throws IOException {
        Path file = writeCheckpoint("other.checkpoint", 21);
        String otherKey = NoteSigner.generate("someone.else").verifier().verifierKey();
        assertThat(run("checkpoint", file.toString(), "--key", otherKey)).isEqualTo(Main.FAILED);
        assertThat(stdout()).contains("FAILED").contains("no valid signature");
    }

    @Test
    void verifiesConsistencyAndRejectsABadProof() throws IOException {
        Path oldCp = writeCheckpoint("old.checkpoint", 13);
        Path newCp = writeCheckpoint("new.checkpoint", 21);
        Path proof = writeProof("13-21.proof", tree.consistencyProof(13, 21));
        String key = signer.verifier().verifierKey();

        assertThat(run("consistency", oldCp.toString(), newCp.toString(), "--proof", proof.toString(), "--key", key))
                .as(stdout()).isZero();
        assertThat(stdout()).contains("VERIFIED").contains("size 21").contains("size 13");

        Path wrong = writeProof("wrong.proof", tree.consistencyProof(12, 21));
        assertThat(run("consistency", oldCp.toString(), newCp.toString(), "--proof", wrong.toString(), "--key", key))
                .isEqualTo(Main.FAILED);
        assertThat(stdout()).contains("FAILED: consistency 13 -> 21");

        // Same size needs no proof.
        assertThat(run("consistency", newCp.toString(), newCp.toString(), "--key", key)).as(stdout()).isZero();
    }

    @Test
    void helpAndUsageErrors() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).contains("checkpoint").contains("consistency");
        assertThat(run()).isEqualTo(Main.USAGE);
        assertThat(run("frobnicate")).isEqualTo(Main.USAGE);
        assertThat(run("checkpoint", "x.checkpoint")).isEqualTo(Main.USAGE); // no key
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no trusted key");
        assertThat(run("checkpoint", "x", "--key", "garbage")).isEqualTo(Main.USAGE);
        assertThat(run("checkpoint", "--help")).isZero();
    }

    @Test
    void missingFileIsAFailure() {
        assertThat(run("checkpoint", dir.resolve("absent").toString(), "--key", signer.verifier().verifierKey()))
                .isEqualTo(Main.FAILED);
        assertThat(stdout()).contains("FAILED").contains("cannot read");
    }

    @Test
    void anEmptyKeyFileIsNamed() throws IOException {
        Path file = writeCheckpoint("keyfile.checkpoint", 21);
        Path empty = Files.writeString(dir.resolve("empty.keys"), "# no keys\n");
        assertThat(run("checkpoint", file.toString(), "--key-file", empty.toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no trusted key given: --key-file " + empty
                + " holds no key");
        assertThat(run("checkpoint", file.toString(), "--key-file", dir.resolve("absent.keys").toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("absent.keys (--key-file): no such file");
    }
}
