package dev.candor.ledger.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.api.DisclosureRequest;
import dev.candor.verifier.json.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a disclosure commits to, and what recognises its retry, must not depend on the order of a set. */
class DisclosureContentTest {

    private static DisclosureRequest claim(Set<DataCategory> categories) {
        return new DisclosureRequest(Instant.parse("2026-10-01T09:30:00Z"),
                new DisclosureRequest.Recipient("ins-acme", "Acme Health Insurance", RecipientType.INSURER,
                        "1 Insurance Way, Hartford, CT"),
                List.of(new DisclosureRequest.Subject(SubjectType.PATIENT, "pat-alice", null)), null, categories,
                Purpose.HPAYMT, "Claim for a session", "Payment of a claim", 1, null);
    }

    @Test
    void categoriesAreCommittedInNameOrderWhateverOrderTheSetIteratesIn() {
        DisclosureLedger ledger = new DisclosureLedger();
        ledger.setJson(new ObjectMapper().registerModule(new JavaTimeModule()));
        Set<DataCategory> oneWay = new LinkedHashSet<>(List.of(DataCategory.SESSION_DATES,
                DataCategory.BILLING_CODES, DataCategory.DIAGNOSIS));
        Set<DataCategory> otherWay = new LinkedHashSet<>(List.of(DataCategory.DIAGNOSIS,
                DataCategory.BILLING_CODES, DataCategory.SESSION_DATES));

        byte[] one = CanonicalJson.canonicalBytes(ledger.contentOf(claim(oneWay)));
        byte[] other = CanonicalJson.canonicalBytes(ledger.contentOf(claim(otherWay)));

        assertThat(new String(one)).isEqualTo(new String(other))
                .contains("\"categories\":[\"BILLING_CODES\",\"DIAGNOSIS\",\"SESSION_DATES\"]");
    }
}
