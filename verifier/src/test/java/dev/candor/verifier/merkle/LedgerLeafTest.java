package dev.candor.verifier.merkle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second entry format's salts and part commitments ({@link LedgerLeaf}, {@code "v": 2}): known answers computed
 * outside Java, the independence of the derived salts, and {@link LedgerLeaf#checkParts} accepting a subject's own
 * part and nothing else.
 */
class LedgerLeafTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private static final String ALICE = "PATIENT:pat-alice";
    private static final String BOB = "PATIENT:pat-bob";

    /** The stored salt of the known-answer vectors: bytes 0, 1, …, 31. */
    private static final byte[] STORED = new byte[32];

    static {
        for (int i = 0; i < STORED.length; i++) {
            STORED[i] = (byte) i;
        }
    }

    // Known answers, computed independently with Python 3 (hmac, hashlib) for s = bytes(range(32)):
    //   entry salt = hmac.new(s, b"candor-ledger/entry", hashlib.sha256).digest()
    //   part salt  = hmac.new(s, b"candor-ledger/part\nPATIENT:pat-alice", hashlib.sha256).digest()
    //   part       = hashlib.sha256(partSalt + canonical).digest(), canonical written by hand (keys sorted, no spaces):
    //     MEMBER_PART   b'{"roles":["MEMBER"],"subject":"PATIENT:pat-alice"}'
    //     DECIDED_PART  b'{"decision":{"legalBasis":"CONSENT","outcome":"PERMIT"},"roles":["MEMBER"],'
    //                   b'"subject":"PATIENT:pat-alice"}'
    private static final String ENTRY_SALT_HEX = "868c4fa7c84086eb3cfff8f08f44587fcae49449973cbbea013ca673bf765e5a";
    private static final String ENTRY_SALT_B64 = "hoxPp8hAhus8//jwj0RYf8rklEmXPLvqATymc792Xlo=";
    private static final String ALICE_SALT_HEX = "dfd18356cc7a450c1630b4392bd4ffcce55aac3acb079fb02bab53456dfc4e6e";
    private static final String ALICE_SALT_B64 = "39GDVsx6RQwWMLQ5K9T/zOVarDrLB5+wK6tTRW38Tm4=";
    private static final String MEMBER_PART_HEX = "94adbc57baa4d6df0c6c82045032cb20cf0b57eff9616abc263293c5aa54093f";
    private static final String MEMBER_PART_B64 = "lK28V7qk1t8MbIIEUDLLIM8LV+/5YWq8JjKTxapUCT8=";
    private static final String DECIDED_PART_HEX = "b0ad213b9879e3f1cf0d9870e081b33ce4827087e06562b199cbbdf1764a51a9";
    private static final String DECIDED_PART_B64 = "sK0hO5h54/HPDZhw4IGzPOSCcIfgZWKxmcu98XZKUak=";

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A part as the ledger writes one: its fields deliberately not in canonical (sorted) order. */
    static ObjectNode part(String subject, String outcome) {
        ObjectNode part = JSON.createObjectNode();
        part.put("subject", subject);
        part.putArray("roles").add("MEMBER");
        if (outcome != null) {
            ObjectNode decision = part.putObject("decision");
            decision.put("outcome", outcome);
            decision.put("legalBasis", "CONSENT");
        }
        return part;
    }

    /** {"part": ..., "salt": base64}, as a report shows one. */
    static ObjectNode given(JsonNode part, byte[] salt) {
        ObjectNode given = JSON.createObjectNode();
        given.set("part", part);
        given.put("salt", b64(salt));
        return given;
    }

    static ArrayNode list(JsonNode... items) {
        ArrayNode array = JSON.createArrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }

    /** A second-format entry about Alice (permitted) and Bob (denied), committed with {@link #STORED}. */
    static ObjectNode twoSubjectContent() {
        ObjectNode content = JSON.createObjectNode();
        content.put("v", LedgerLeaf.PER_SUBJECT_PARTS);
        content.put("recipient", "Acme Health Plan");
        content.put("purpose", "HPAYMT");
        content.put("occurredAt", "2026-03-01T10:00:00Z");
        List<String> parts = new java.util.ArrayList<>(List.of(
                b64(LedgerLeaf.partCommitment(LedgerLeaf.partSalt(STORED, ALICE), part(ALICE, "PERMIT"))),
                b64(LedgerLeaf.partCommitment(LedgerLeaf.partSalt(STORED, BOB), part(BOB, "DENY")))));
        parts.sort(null);
        ArrayNode array = content.putArray("parts");
        parts.forEach(array::add);
        return content;
    }

    static ObjectNode alicesPart() {
        return given(part(ALICE, "PERMIT"), LedgerLeaf.partSalt(STORED, ALICE));
    }

    // --- known answers ---

    @Test
    void theEntrySaltIsTheKnownAnswer() {
        byte[] entrySalt = LedgerLeaf.entrySalt(STORED);

        assertThat(HEX.formatHex(entrySalt)).isEqualTo(ENTRY_SALT_HEX);
        assertThat(b64(entrySalt)).isEqualTo(ENTRY_SALT_B64);
    }

    @Test
    void thePartSaltIsTheKnownAnswer() {
        byte[] partSalt = LedgerLeaf.partSalt(STORED, ALICE);

        assertThat(HEX.formatHex(partSalt)).isEqualTo(ALICE_SALT_HEX);
        assertThat(b64(partSalt)).isEqualTo(ALICE_SALT_B64);
    }

    @Test
    void thePartCommitmentIsTheKnownAnswerOverTheCanonicalPart() {
        byte[] partSalt = HEX.parseHex(ALICE_SALT_HEX);

        byte[] member = LedgerLeaf.partCommitment(partSalt, part(ALICE, null));
        byte[] decided = LedgerLeaf.partCommitment(partSalt, part(ALICE, "PERMIT"));

        assertThat(HEX.formatHex(member)).isEqualTo(MEMBER_PART_HEX);
        assertThat(b64(member)).isEqualTo(MEMBER_PART_B64);
        assertThat(HEX.formatHex(decided)).isEqualTo(DECIDED_PART_HEX);
        assertThat(b64(decided)).isEqualTo(DECIDED_PART_B64);
        // the same as the first format's commitment over the hand-written canonical bytes
        assertThat(LedgerLeaf.commitment(partSalt,
                "{\"roles\":[\"MEMBER\"],\"subject\":\"PATIENT:pat-alice\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(member);
    }

    // --- independence of the salts ---

    @Test
    void theEntrySaltDiffersFromEveryPartSaltAndPartSaltsDifferPerSubject() {
        byte[] entrySalt = LedgerLeaf.entrySalt(STORED);
        byte[] alice = LedgerLeaf.partSalt(STORED, ALICE);
        byte[] bob = LedgerLeaf.partSalt(STORED, BOB);
        byte[] aliceAsStaff = LedgerLeaf.partSalt(STORED, "STAFF:pat-alice");
        byte[] empty = LedgerLeaf.partSalt(STORED, "");

        assertThat(List.of(entrySalt, alice, bob, aliceAsStaff, empty)).allSatisfy(s -> assertThat(s).hasSize(32));
        assertThat(List.of(alice, bob, aliceAsStaff, empty)).allSatisfy(s -> assertThat(s).isNotEqualTo(entrySalt));
        assertThat(alice).isNotEqualTo(bob).isNotEqualTo(aliceAsStaff).isNotEqualTo(empty);
        assertThat(bob).isNotEqualTo(aliceAsStaff).isNotEqualTo(empty);
        // neither derived salt is the stored salt itself
        assertThat(List.of(entrySalt, alice, bob)).allSatisfy(s -> assertThat(s).isNotEqualTo(STORED));
        // deterministic
        assertThat(LedgerLeaf.partSalt(STORED, ALICE)).isEqualTo(alice);
        assertThat(LedgerLeaf.entrySalt(STORED)).isEqualTo(entrySalt);
    }

    @Test
    void aPartSaltDependsOnTheStoredSaltNotOnTheEntrySalt() {
        byte[] other = STORED.clone();
        other[31] ^= 1;

        assertThat(LedgerLeaf.partSalt(other, ALICE)).isNotEqualTo(LedgerLeaf.partSalt(STORED, ALICE));
        assertThat(LedgerLeaf.entrySalt(other)).isNotEqualTo(LedgerLeaf.entrySalt(STORED));
        // the entry salt a subject is given is not a key to the parts: used as the stored salt it derives others
        byte[] entrySalt = LedgerLeaf.entrySalt(STORED);
        assertThat(LedgerLeaf.partSalt(entrySalt, ALICE)).isNotEqualTo(LedgerLeaf.partSalt(STORED, ALICE));
        assertThat(LedgerLeaf.partSalt(entrySalt, BOB)).isNotEqualTo(LedgerLeaf.partSalt(STORED, BOB));
    }

    // --- checkParts ---

    @Test
    void theSubjectsOwnPartIsAccepted() throws ProofException {
        ObjectNode content = twoSubjectContent();

        assertThat(LedgerLeaf.checkParts(content, list(alicesPart()))).isEqualTo(1);
        assertThat(LedgerLeaf.checkParts(content, list(alicesPart(),
                given(part(BOB, "DENY"), LedgerLeaf.partSalt(STORED, BOB))))).isEqualTo(2);
        assertThat(LedgerLeaf.checkParts(content, list())).isZero();
    }

    @Test
    void absentPartsAreNoneChecked() throws ProofException {
        ObjectNode content = twoSubjectContent();

        assertThat(LedgerLeaf.checkParts(content, null)).isZero();
        assertThat(LedgerLeaf.checkParts(content, NullNode.getInstance())).isZero();
        assertThat(LedgerLeaf.checkParts(content, MissingNode.getInstance())).isZero();
    }

    @Test
    void aPartWithAnyFieldChangedIsRejected() {
        ObjectNode content = twoSubjectContent();
        byte[] aliceSalt = LedgerLeaf.partSalt(STORED, ALICE);

        ObjectNode denied = part(ALICE, "PERMIT");
        ((ObjectNode) denied.get("decision")).put("outcome", "DENY");
        ObjectNode otherSubject = part(ALICE, "PERMIT").put("subject", "PATIENT:pat-alicia");
        ObjectNode otherRole = part(ALICE, "PERMIT");
        ((ArrayNode) otherRole.get("roles")).set(0, JSON.getNodeFactory().textNode("GUARDIAN"));
        ObjectNode extraField = part(ALICE, "PERMIT").put("note", "");
        ObjectNode noDecision = part(ALICE, null);
        ObjectNode otherBasis = part(ALICE, "PERMIT");
        ((ObjectNode) otherBasis.get("decision")).put("legalBasis", "TREATMENT");

        for (ObjectNode changed : List.of(denied, otherSubject, otherRole, extraField, noDecision, otherBasis)) {
            assertThatThrownBy(() -> LedgerLeaf.checkParts(content, list(given(changed, aliceSalt))))
                    .as(changed.toString())
                    .isInstanceOf(ProofException.class)
                    .hasMessage("part 0 (" + changed.get("subject").asText() + ") is not one the entry commits to");
        }
    }

    @Test
    void aPartWithTheWrongSaltIsRejected() {
        ObjectNode content = twoSubjectContent();
        ObjectNode alice = part(ALICE, "PERMIT");
        byte[] flipped = LedgerLeaf.partSalt(STORED, ALICE);
        flipped[0] ^= 1;

        for (byte[] wrong : List.of(LedgerLeaf.partSalt(STORED, BOB), LedgerLeaf.entrySalt(STORED), STORED, flipped,
                new byte[0])) {
            assertThatThrownBy(() -> LedgerLeaf.checkParts(content, list(given(alice, wrong))))
                    .isInstanceOf(ProofException.class)
                    .hasMessage("part 0 (PATIENT:pat-alice) is not one the entry commits to");
        }
    }

    @Test
    void aPartGivenTwiceIsRejected() {
        ObjectNode content = twoSubjectContent();

        assertThatThrownBy(() -> LedgerLeaf.checkParts(content, list(alicesPart(), alicesPart())))
                .isInstanceOf(ProofException.class)
                .hasMessage("part 1 is given twice");
    }

    @Test
    void aPartWithoutItsSaltOrNotAPartIsRejected() {
        ObjectNode content = twoSubjectContent();
        ObjectNode noSalt = alicesPart();
        noSalt.remove("salt");
        ObjectNode numericSalt = alicesPart().put("salt", 7);
        ObjectNode noPart = alicesPart();
        noPart.remove("part");
        ObjectNode textPart = alicesPart().put("part", "PATIENT:pat-alice");

        for (ObjectNode bad : List.of(noSalt, numericSalt, noPart, textPart)) {
            assertThatThrownBy(() -> LedgerLeaf.checkParts(content, list(alicesPart(), bad)))
                    .as(bad.toString())
                    .isInstanceOf(ProofException.class)
                    .hasMessage("part 1 has no part and salt");
        }
        assertThatThrownBy(() -> LedgerLeaf.checkParts(content, list(alicesPart().put("salt", "not base64!"))))
                .isInstanceOf(ProofException.class)
                .hasMessage("part 0: salt is not base64");
        assertThatThrownBy(() -> LedgerLeaf.checkParts(content, alicesPart()))
                .isInstanceOf(ProofException.class)
                .hasMessage("parts is not a list");
    }

    @Test
    void aContentWithoutPartsCommitsToNone() {
        ObjectNode content = twoSubjectContent();
        content.remove("parts");
        ObjectNode notAList = twoSubjectContent();
        notAList.put("parts", b64(LedgerLeaf.partCommitment(LedgerLeaf.partSalt(STORED, ALICE),
                part(ALICE, "PERMIT"))));

        for (ObjectNode bad : List.of(content, notAList)) {
            assertThatThrownBy(() -> LedgerLeaf.checkParts(bad, list(alicesPart())))
                    .isInstanceOf(ProofException.class)
                    .hasMessage("the entry commits to no parts");
            assertThatThrownBy(() -> LedgerLeaf.checkParts(bad, null))
                    .isInstanceOf(ProofException.class)
                    .hasMessage("the entry commits to no parts");
        }
    }

    @Test
    void theCommittedPartsMustBeSortedAndDistinctSoTheirOrderSaysNothing() {
        ObjectNode reversed = twoSubjectContent();
        ArrayNode parts = (ArrayNode) reversed.get("parts");
        JsonNode first = parts.remove(0);
        parts.add(first);
        ObjectNode repeated = twoSubjectContent();
        ((ArrayNode) repeated.get("parts")).add(repeated.get("parts").get(1).asText());

        for (ObjectNode bad : List.of(reversed, repeated)) {
            assertThatThrownBy(() -> LedgerLeaf.checkParts(bad, list(alicesPart())))
                    .isInstanceOf(ProofException.class)
                    .hasMessage("the entry's parts are not a sorted list of distinct commitments");
        }
    }

    @Test
    void aPartOfAnotherEntryIsRejected() {
        // the same subject and decision, committed in another entry (another stored salt)
        byte[] otherStored = STORED.clone();
        otherStored[0] ^= 1;
        ObjectNode content = twoSubjectContent();

        assertThatThrownBy(() -> LedgerLeaf.checkParts(content, list(given(part(ALICE, "PERMIT"),
                LedgerLeaf.partSalt(otherStored, ALICE)))))
                .isInstanceOf(ProofException.class)
                .hasMessage("part 0 (PATIENT:pat-alice) is not one the entry commits to");
    }
}
