package dev.candor.common.validation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesTest {

    private static final String TAG_A = new String(Character.toChars(0xE0041)); // an invisible tag character

    private static String codePoints(String s) {
        return s.codePoints().mapToObj(Integer::toHexString).toList().toString();
    }

    @Test
    void identifiersRefuseSpacesControlFormatAndLineBreakCharacters() {
        for (String ok : List.of("pat-alice", "ins-acme", "org_carebridge.billing:1", "M\u00fcller-L\u00fcdenscheid",
                "\u60a3\u8005-42", "")) {
            assertThat(TextRules.isIdentifier(ok)).as(codePoints(ok)).isTrue();
        }
        for (String bad : List.of("\u001b[31mred", "ins-\u202Eemca", "a\u2066b", "a\nb", "a\tb", "a\rb", "a\u0085b",
                "a\u007fb", "zero\u200Bwidth", "mark\u200E", "a\u2028b", "tag" + TAG_A, "\u00ADsoft",
                // spaces: "pat-alice " and "\u00a0pat-alice" are other people than pat-alice to every index
                "id with spaces", "pat-alice ", " pat-alice", "\u00a0pat-alice", "pat\u2003alice", "a\u3000b")) {
            assertThat(TextRules.isIdentifier(bad)).as(codePoints(bad)).isFalse();
        }
        assertThat(TextRules.isIdentifier(null)).as("absent is for @NotBlank to judge").isTrue();
    }

    @Test
    void namesKeepDirectionMarksAndJoinersButNotOverridesIsolatesOrControls() {
        for (String ok : List.of("Acme Health Insurance", "\u05D1\u05D9\u05D8\u05D5\u05D7 \u200FAcme",
                "\u0645\u062D\u0645\u062F\u061C", "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
                "\uD83D\uDC69\u200D\u2695\uFE0F Dr. Ana", "tag" + TAG_A)) {
            assertThat(TextRules.isSingleLine(ok)).as(codePoints(ok)).isTrue();
        }
        for (String bad : List.of("\u202Eemca", "a\u202Ab", "a\u202Db", "a\u2066b", "a\u2069b", "Dana\nArcher",
                "\u001b[2J", "a\u0085b", "a\u2029b")) {
            assertThat(TextRules.isSingleLine(bad)).as(codePoints(bad)).isFalse();
        }
    }
}
