package dev.candor.verifier.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

    private static String exampleKey;
    private static String exampleNote;

    @BeforeAll
    static void loadExample() throws Exception {
        JsonNode example = new ObjectMapper().readTree(SignedNoteTest.class.getResource("/testdata/signed-note/example.json"));
        exampleKey = example.get("verifierKey").textValue();
        exampleNote = example.get("note").textValue();
    }

    @Test
    void c2spExampleVerifies() throws Exception {
        NoteVerifier verifier = NoteVerifier.parse(exampleKey);
        SignedNote.VerifiedNote note = SignedNote.open(exampleNote, List.of(verifier));
        assertThat(note.text()).isEqualTo("This is an example message.\n");
        assertThat(note.verified()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("example.com/foo");
            assertThat(s.keyIdHex()).isEqualTo("530d903a");
        });
        assertThat(note.unverified()).isEmpty();
        // The same through the byte entry point.
        assertThat(SignedNote.open(exampleNote.getBytes(StandardCharsets.UTF_8), List.of(verifier)).text())
                .isEqualTo(note.text());
    }

    @Test
    void keyIdIsComputedFromNameAndKey() {
        NoteVerifier verifier = NoteVerifier.parse(exampleKey);
        // Computed, not copied: NoteVerifier.of derives the id from the name and raw key only.
        NoteVerifier recomputed = NoteVerifier.of("example.com/foo", verifier.publicKey());
        assertThat(recomputed.keyIdHex()).isEqualTo("530d903a");
        assertThat(recomputed.verifierKey()).isEqualTo(exampleKey);
        // The signature line carries the same id in its first 4 bytes.
        String b64 = exampleNote.substring(exampleNote.lastIndexOf(' ') + 1).strip();
        byte[] sig = Base64.getDecoder().decode(b64);
        assertThat(HexFormat.of().formatHex(sig, 0, 4)).isEqualTo("530d903a");
        // A different name gives a different id, so the example key under another name is refused.
        assertThatThrownBy(() -> NoteVerifier.parse(exampleKey.replace("example.com/foo", "example.com/bar")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }

    /** Every byte of the note, changed to every other value, must make verification fail. */
    @Test
    void everySingleByteChangeFails() {
        List<NoteVerifier> keys = List.of(NoteVerifier.parse(exampleKey));
        byte[] original = exampleNote.getBytes(StandardCharsets.UTF_8);
        // Positions are independent; checking them in parallel keeps the ~7000 Ed25519 verifications quick.
        long checked = java.util.stream.IntStream.range(0, original.length).parallel().mapToLong(pos -> {
            long count = 0;
            for (int value = 0; value < 256; value++) {
                if ((byte) value == original[pos]) {
                    continue;
                }
                byte[] changed = original.clone();
                changed[pos] = (byte) value;
                int v = value;
                assertThatThrownBy(() -> SignedNote.open(changed, keys))
                        .as("byte %d changed to 0x%02x", pos, v)
                        .isInstanceOf(NoteException.class);
                count++;
            }
            return count;
        }).sum();
        assertThat(checked).isEqualTo(original.length * 255L);
    }

    @Test
    void truncatedOrExtendedNotesFail() {
        List<NoteVerifier> keys = List.of(NoteVerifier.parse(exampleKey));
        for (int len = 0; len < exampleNote.length(); len++) {
            String truncated = exampleNote.substring(0, len);
            assertThatThrownBy(() -> SignedNote.open(truncated, keys)).isInstanceOf(NoteException.class);
        }
        assertThatThrownBy(() -> SignedNote.open(exampleNote + "\n", keys)).isInstanceOf(NoteException.class);
        assertThatThrownBy(() -> SignedNote.open("x" + exampleNote, keys)).isInstanceOf(NoteException.class);
    }

    @Test
    void checkpointRoundTripWithTwoKeys() throws Exception {
        NoteSigner oldKey = NoteSigner.generate("candor.example/ledger");
        NoteSigner newKey = NoteSigner.generate("candor.example/ledger-2026");
        Checkpoint checkpoint = new Checkpoint("candor.example/ledger", 12345, new byte[32], List.of("extra line"));
        String signed = checkpoint.sign(List.of(oldKey, newKey));

        assertThat(signed).startsWith("candor.example/ledger\n12345\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nextra line\n\n\u2014 ");
        assertThat(signed.lines().filter(l -> l.startsWith("\u2014 "))).hasSize(2);
        // Either key alone suffices (clients that know only the old or only the new key).
        assertThat(Checkpoint.open(signed, List.of(oldKey.verifier()))).isEqualTo(checkpoint);
        assertThat(Checkpoint.open(signed, List.of(newKey.verifier()))).isEqualTo(checkpoint);
        SignedNote.VerifiedNote both = SignedNote.open(signed, List.of(oldKey.verifier(), newKey.verifier()));
        assertThat(both.verified()).hasSize(2);
        SignedNote.VerifiedNote one = SignedNote.open(signed, List.of(newKey.verifier()));
        assertThat(one.verified()).extracting(SignedNote.Signature::name).containsExactly("candor.example/ledger-2026");
        assertThat(one.unverified()).extracting(SignedNote.Signature::name).containsExactly("candor.example/ledger");
    }

    @Test
    void wrongKeyIsRejected() {
        NoteSigner signer = NoteSigner.generate("candor.example/ledger");
        String signed = Checkpoint.of("candor.example/ledger", 1, new byte[32]).sign(List.of(signer));
        // Same name, other key: a different key id, so the signature counts as unknown and nothing verifies.
        NoteSigner impostor = NoteSigner.generate("candor.example/ledger");
        assertThatThrownBy(() -> Checkpoint.open(signed, List.of(impostor.verifier())))
                .isInstanceOf(NoteException.class).hasMessageContaining("no valid signature");
        assertThatThrownBy(() -> Checkpoint.open(signed, List.of()))
                .isInstanceOf(NoteException.class);
    }

    @Test
    void invalidSignatureByKnownKeyIsRejectedEvenIfAnotherIsValid() throws Exception {
        NoteSigner a = NoteSigner.generate("a.example");
        NoteSigner b = NoteSigner.generate("b.example");
        String text = "hello\n";
        String byA = SignedNote.sign(text, List.of(a));
        String byBOnOtherText = SignedNote.sign("other\n", List.of(b));
        String bLine = byBOnOtherText.substring(byBOnOtherText.indexOf('\u2014'));
        String mixed = byA + bLine;
        assertThat(SignedNote.open(mixed, List.of(a.verifier())).verified()).hasSize(1);
        assertThatThrownBy(() -> SignedNote.open(mixed, List.of(a.verifier(), b.verifier())))
                .isInstanceOf(NoteException.class).hasMessageContaining("invalid signature by b.example");
    }

    @Test
    void signerKeyRoundTrip() {
        NoteSigner signer = NoteSigner.generate("candor.example/dev");
        String secret = signer.signerKey();
        assertThat(secret).startsWith("PRIVATE+KEY+candor.example/dev+" + signer.verifier().keyIdHex() + "+");
        NoteSigner parsed = NoteSigner.parse(secret);
        assertThat(parsed.verifier()).isEqualTo(signer.verifier());
        assertThat(parsed.toString()).doesNotContain(secret);
        assertThat(NoteVerifier.parse(signer.verifier().verifierKey())).isEqualTo(signer.verifier());
    }

    /** RFC 8032 section 7.1, TEST 1: seed → public key, and the (deterministic) signature of the empty message. */
    @Test
    void ed25519RawKeysMatchRfc8032() {
        HexFormat hex = HexFormat.of();
        byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pub = hex.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        String sig = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        KeyPair pair = Ed25519Keys.keyPair(seed);
        assertThat(hex.formatHex(Ed25519Keys.rawPublicKey(pair.getPublic()))).isEqualTo(hex.formatHex(pub));
        assertThat(Ed25519Keys.seed(pair.getPrivate())).isEqualTo(seed);
        assertThat(hex.formatHex(Ed25519Keys.sign(Ed25519Keys.privateKey(seed), new byte[0]))).isEqualTo(sig);
        assertThat(Ed25519Keys.verify(Ed25519Keys.publicKey(pub), new byte[0], hex.parseHex(sig))).isTrue();
        assertThat(Ed25519Keys.verify(Ed25519Keys.publicKey(pub), new byte[1], hex.parseHex(sig))).isFalse();
    }

    @Test
    void checkpointTextIsStrict() throws Exception {
        String root = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(Checkpoint.parse("o\n0\n" + root + "\n").size()).isZero();
        assertThat(Checkpoint.parse("o\n7\n" + root + "\na\nb\n").extensions()).containsExactly("a", "b");
        for (String bad : List.of(
                "o\n7\n" + root, // no final newline
                "o\n7\n", // no root
                "\n7\n" + root + "\n", // empty origin
                "o\n07\n" + root + "\n", // leading zero
                "o\n-7\n" + root + "\n",
                "o\n+7\n" + root + "\n",
                "o\n99999999999999999999\n" + root + "\n", // too large
                "o\n7\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n",
                "o\n7\n" + root.replace("=", "") + "\n", // unpadded base64
                "o\n7\n" + root + "\n\n", // empty extension line
                "o\t\n7\n" + root + "\n")) {
            assertThatThrownBy(() -> Checkpoint.parse(bad)).as(bad).isInstanceOf(NoteException.class);
        }
    }

    @Test
    void malformedKeysAndTextsAreRefused() {
        assertThatThrownBy(() -> NoteVerifier.parse("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoteVerifier.parse(exampleKey.substring(0, exampleKey.length() - 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoteSigner.generate("has space")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoteSigner.generate("has+plus")).isInstanceOf(IllegalArgumentException.class);
        NoteSigner signer = NoteSigner.generate("k");
        assertThatThrownBy(() -> SignedNote.sign("no newline", List.of(signer))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedNote.sign("bell\u0007\n", List.of(signer))).isInstanceOf(IllegalArgumentException.class);
    }
}
