package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.candor.verifier.report.GenuineReports.entries;
import static dev.candor.verifier.report.GenuineReports.entry;
import static dev.candor.verifier.report.GenuineReports.load;
import static dev.candor.verifier.report.GenuineReports.resignAndVerify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "VERIFIED" vouches for what people read: every field of a report that follows from what it proves is derived again
 * and compared. Each case changes a genuine report the way a report-service that misbehaves (or whose key was
 * stolen) could, and signs it again — the probe's R03, R04, R08, R11–R14 among them.
 */
class ReportPresentationTest {

    static final String ALICE = "alice.json";
    /** The rate-negotiation dataset that included Alice without her consent: leaf 2, entry 2 of her report. */
    static final long DATASET = 2;

    static ReportVerifier.Verdict changed(String report, Consumer<ObjectNode> change) {
        ObjectNode r = load(report);
        change.accept(r);
        return resignAndVerify(r);
    }

    @Test
    void theSentencesAreReportServicesWordsAndAreWrittenAgainFromTheCheckedFields() {
        // as report-service's own SignedReportTest expects it
        assertThat(entry(load(ALICE), DATASET).get("sentence").asText()).isEqualTo("On 2026-03-15, your session"
                + " frequency was shared with Acme Health Insurance (insurer) for rate negotiation, in a dataset about"
                + " 1200 records without your consent: nothing you agreed to covered it, and it is flagged as"
                + " unauthorized.");
        ObjectNode dataset = entry(load(ALICE), DATASET);
        assertThat(ReportWording.sentence(dataset.at("/content/disclosure"), dataset.at("/content/categories"),
                dataset.get("flags"), dataset.get("decision"), ReportWording.owner("PATIENT")))
                .isEqualTo(dataset.get("sentence").asText());
    }

    @Test
    void everyFieldAnEntryShowsMustBeWhatItsCommittedContentSays() {
        // R03: the UNAUTHORIZED dataset dressed up as a permitted visit to the GP, one field at a time
        Map<String, Consumer<ObjectNode>> lies = new LinkedHashMap<>();
        lies.put("flags", e -> e.putArray("flags"));
        lies.put("recipient", e -> ((ObjectNode) e.get("recipient")).put("name", "Your own GP"));
        lies.put("purpose", e -> e.put("purpose", "TREAT"));
        lies.put("categories", e -> e.putArray("categories").add("DEMOGRAPHICS"));
        lies.put("impliedCategories", e -> e.putArray("impliedCategories").add("SESSION_DATES"));
        lies.put("occurredAt", e -> e.put("occurredAt", "2019-03-15T10:00:00Z"));
        lies.put("month", e -> e.put("month", "2019-03"));
        lies.put("aggregate", e -> e.put("aggregate", false));
        lies.put("tpo", e -> e.put("tpo", true));
        lies.put("id", e -> e.put("id", "0190a000-0000-7000-8000-000000000099"));
        lies.put("recordedAt", e -> e.put("recordedAt", "2026-03-15T10:00:03Z"));
        lies.put("sentence", e -> e.put("sentence", "On 2026-03-15, your GP read your record for treatment. It was"
                + " permitted."));
        lies.put("decision.outcome", e -> ((ObjectNode) e.get("decision")).put("outcome", "PERMIT"));
        for (Map.Entry<String, Consumer<ObjectNode>> lie : lies.entrySet()) {
            ReportVerifier.Verdict verdict = changed(ALICE, r -> lie.getValue().accept(entry(r, DATASET)));
            assertThat(verdict.failures()).as(lie.getKey())
                    .anyMatch(f -> f.startsWith("entry 2 (leaf 2): " + lie.getKey() + ": "));
        }
        // the decision changes the sentence as well: it is written again from the decision shown
        assertThat(changed(ALICE, r -> ((ObjectNode) entry(r, DATASET).get("decision")).put("outcome", "PERMIT"))
                .failures()).anyMatch(f -> f.startsWith("entry 2 (leaf 2): sentence: ")
                && f.endsWith("for rate negotiation, in a dataset about 1200 records. It was permitted.\""));
    }

    @Test
    void theWholeDressedUpEntryFailsThoughHighlightsAndSummaryWereRewrittenToMatch() {
        ReportVerifier.Verdict verdict = changed(ALICE, r -> {
            ObjectNode e = entry(r, DATASET);
            e.putArray("flags");
            ((ObjectNode) e.get("recipient")).put("name", "Your own GP").put("type", "PROVIDER");
            e.put("purpose", "TREAT").put("tpo", true).put("occurredAt", "2019-03-15T10:00:00Z");
            ((ObjectNode) e.get("decision")).put("outcome", "PERMIT").put("basis", "HIPAA_TPO");
            e.put("sentence", "On 2019-03-15, your session frequency was shared with Your own GP (provider) for"
                    + " treatment. HIPAA allows this without your consent (treatment, payment or operations).");
            ((ArrayNode) r.at("/highlights/unauthorized")).remove(0);
            ((ArrayNode) r.get("summary")).remove(1);
        });

        assertThat(verdict.failures()).contains(
                "entry 2 (leaf 2): flags: shows [], but the log commits to [\"UNAUTHORIZED\"]",
                "entry 2 (leaf 2): purpose: shows \"TREAT\", but \"RATE_NEGOTIATION\" follows from what the report"
                        + " proves",
                "entry 2 (leaf 2): decision.outcome: shows \"PERMIT\", but the log commits to \"DENY\"",
                "entry 2 (leaf 2): decision.basis: shows \"HIPAA_TPO\", but the log commits to \"NONE\"");
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("entry 2 (leaf 2): recipient: "))
                .anyMatch(f -> f.startsWith("entry 2 (leaf 2): occurredAt: "))
                .anyMatch(f -> f.startsWith("entry 2 (leaf 2): sentence: "));
    }

    @Test
    void theDecisionShownIsTheSubjectsOwnAsTheLogCommitsToIt() {
        assertThat(changed(ALICE, r -> ((ObjectNode) entry(r, 0).get("decision")).put("consentVersion", 2))
                .failures()).contains("entry 0 (leaf 0): decision.consentId/consentVersion: shows"
                        + " 7f1c1d1e-0000-4000-8000-000000000001@2, but the log commits to"
                        + " \"7f1c1d1e-0000-4000-8000-000000000001@1\"")
                .anyMatch(f -> f.startsWith("entry 0 (leaf 0): sentence: ")); // "Your consent (version 2)"
        assertThat(changed(ALICE, r -> ((ObjectNode) entry(r, 0).get("decision")).put("decisionId",
                "0190a000-0000-7000-8000-000000099999")).failures())
                .singleElement().asString().startsWith("entry 0 (leaf 0): decision.decisionId: ");
        assertThat(changed(ALICE, r -> ((ObjectNode) entry(r, 0).get("decision")).put("subjectType", "PROVIDER")
                .put("subjectId", "prov-tom")).failures()).containsExactly("entry 0 (leaf 0): decision: shows the"
                + " decision for PROVIDER:prov-tom, but the log commits to PATIENT:pat-alice's own");
        assertThat(changed(ALICE, r -> entry(r, 0).putNull("decision")).failures())
                .contains("entry 0 (leaf 0): decision: none shown, but the log commits to one for PATIENT:pat-alice"
                        + " (PERMIT)");
    }

    @Test
    void settlementMayOnlyClearUndecidedAndAddUnauthorizedAndIsNamedAsUnproven() {
        // leaf 4 was recorded UNDECIDED and settled as a denial: the genuine report says so in a warning
        ReportVerifier.Verdict genuine = changed(ALICE, r -> { });
        assertThat(genuine.failures()).isEmpty();
        assertThat(genuine.warnings()).anyMatch(w -> w.startsWith("entry 3 (leaf 4): not in the log's commitment")
                && w.contains("flags [\"UNAUTHORIZED\"] (recorded [\"UNDECIDED\"], settled later)"));

        assertThat(changed(ALICE, r -> entry(r, 4).putArray("flags").add("UNAUTHORIZED").add("BREAK_GLASS"))
                .failures()).anyMatch(f -> f.startsWith("entry 3 (leaf 4): flags: shows [\"UNAUTHORIZED\","
                + "\"BREAK_GLASS\"], but the log commits to [\"UNDECIDED\"] (settling an UNDECIDED entry only"));
    }

    @Test
    void theLogMembersMustBeTheSignedCheckpoints() {
        // R04
        ReportVerifier.Verdict verdict = changed(ALICE, r -> ((ObjectNode) r.get("log")).put("treeSize", 11)
                .put("rootHash", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=").put("origin", "candor.example/other"));

        assertThat(verdict.failures()).containsExactly(
                "log.origin: \"candor.example/other\", but the signed checkpoint's origin is \"candor.test/ledger\"",
                "log.treeSize: 11, but the signed checkpoint's size is 10",
                "log.rootHash: \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\", but the signed checkpoint's root is \""
                        + load(ALICE).at("/log/rootHash").asText() + "\"");
    }

    @Test
    void everyEntryOccurredInsideThePeriodFromInclusiveToExclusive() {
        // R12: a period that leaves out January to March, while the report lists them
        ReportVerifier.Verdict verdict = changed(ALICE, r -> ((ObjectNode) r.get("period"))
                .put("from", "2026-04-01T00:00:00Z"));
        // (and the summary's first line no longer words the period it states)
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("summary[0]: ")).contains(
                "entry 0 (leaf 0): occurredAt 2026-01-05T10:00:00Z lies outside the report's period"
                        + " [2026-04-01T00:00:00Z, 2027-01-01T00:00:00Z)",
                "entry 1 (leaf 1): occurredAt 2026-02-02T10:00:00Z lies outside the report's period"
                        + " [2026-04-01T00:00:00Z, 2027-01-01T00:00:00Z)",
                "entry 2 (leaf 2): occurredAt 2026-03-15T10:00:00Z lies outside the report's period"
                        + " [2026-04-01T00:00:00Z, 2027-01-01T00:00:00Z)");

        // the start is inside, the end is not (the summary's wording of the changed period aside)
        assertThat(changed(ALICE, r -> ((ObjectNode) r.get("period")).put("from", "2026-01-05T10:00:00Z"))
                .failures()).filteredOn(f -> !f.startsWith("summary[0]: ")).isEmpty();
        assertThat(changed(ALICE, r -> ((ObjectNode) r.get("period")).put("to", "2026-06-01T09:00:00Z"))
                .failures()).filteredOn(f -> !f.startsWith("summary[0]: ")).containsExactly("entry 7 (leaf 9):"
                + " occurredAt 2026-06-01T09:00:00Z lies outside the report's period [2026-01-01T00:00:00Z,"
                + " 2026-06-01T09:00:00Z)");
        assertThat(changed(ALICE, r -> ((ObjectNode) r.get("period")).put("to", "2025-01-01T00:00:00Z"))
                .failures()).contains("period: {\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2025-01-01T00:00:00Z\"}"
                + " is not {\"from\": instant, \"to\": a later instant}");
    }

    @Test
    void anIncompleteReportIsVerifiedWithAWarningAndMustSaySoInItsSummary() {
        // R13
        ReportVerifier.Verdict quiet = changed(ALICE, r -> r.put("complete", false));
        assertThat(quiet.failures()).singleElement().asString().startsWith("summary (after its first line): ");

        ReportVerifier.Verdict said = changed(ALICE, r -> {
            r.put("complete", false);
            ((ArrayNode) r.get("summary")).add("This report holds only the oldest disclosures of the period: there"
                    + " are more than fit in one report. Ask for a shorter period.");
        });
        assertThat(said.failures()).isEmpty();
        assertThat(said.warnings()).contains("complete: false — the report lists only the first 8 entries of the"
                + " period; more exist that it does not show (report-service's cap): ask for a shorter period to see"
                + " them");
        assertThat(changed(ALICE, r -> r.put("complete", "true")).failures())
                .contains("complete: \"true\" is not true or false");
    }

    @Test
    void aReportAboutOneSubjectRelabelledPlatformIsNotTakenForOne() {
        // R14: without a subject, nothing would have to show Alice's part; a platform report is told by its shape
        ReportVerifier.Verdict verdict = changed(ALICE, r -> {
            r.put("kind", "PLATFORM");
            r.remove("subject");
        });

        assertThat(verdict.failures()).contains(
                "counts: a platform-wide report carries the ledger's counts; this one has none",
                "groups: a platform-wide report has none; this one does (a report about one subject, relabelled?)",
                "entry 0 (leaf 0): flags: [] — a platform-wide report lists only UNAUTHORIZED, UNDECIDED and"
                        + " BREAK_GLASS entries",
                "entry 2 (leaf 2): parts: shows 1 of the 3 parts the entry commits to; a platform-wide report shows"
                        + " every one");

        // and the other way: a platform report passed off as Alice's
        ReportVerifier.Verdict other = changed("platform.json", r -> {
            r.put("kind", "PATIENT");
            r.putObject("subject").put("type", "PATIENT").put("id", "pat-alice");
        });
        assertThat(other.failures()).contains("counts: only a platform-wide report has them", "groups: missing");
        assertThat(changed(ALICE, r -> r.put("kind", "EVERYONE")).failures())
                .contains("kind: \"EVERYONE\" is not PATIENT, PROVIDER or PLATFORM");
        assertThat(changed(ALICE, r -> r.remove("subject")).failures())
                .contains("subject: a PATIENT report names its subject as {\"type\": \"PATIENT\", \"id\": ...}; this"
                        + " one has null");
    }

    @Test
    void anotherSubjectsPartInAReportAboutOneSubjectIsNamed() {
        // Bob's part of the dataset, genuine and committed, shown in Alice's report: true, but Bob's to see
        ReportVerifier.Verdict verdict = changed(ALICE, r -> ((ArrayNode) entry(r, DATASET).get("parts"))
                .add(entry(load("platform.json"), DATASET).at("/parts/1")));

        assertThat(entry(load("platform.json"), DATASET).at("/parts/1/part/subject").asText())
                .isEqualTo("PATIENT:pat-bob");
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.warnings()).contains("entry 2 (leaf 2): shows the part of PATIENT:pat-bob besides"
                + " PATIENT:pat-alice's: a report about one subject shows only theirs");
    }

    @Test
    void aPlatformReportShowsEveryPartAndADenialWhenAnyDecisionDenied() {
        assertThat(changed("platform.json", r -> ((ArrayNode) entry(r, 2).get("parts")).remove(0)).failures())
                .contains("entry 0 (leaf 2): parts: shows 2 of the 3 parts the entry commits to; a platform-wide"
                        + " report shows every one");
        assertThat(changed("platform.json", r -> ((ObjectNode) entry(r, 2).get("decision")).put("outcome", "PERMIT"))
                .failures()).contains("entry 0 (leaf 2): decision: shows PERMIT, but the log commits to a denial for"
                + " this entry, which a platform-wide report shows");
    }

    @Test
    void anErasedEntryShowsNothingTheLogCannotVouchForAndIsNamed() {
        // R11: leaf 6 "erased" by the report alone, still showing what it says
        ReportVerifier.Verdict verdict = changed(ALICE, r -> {
            ObjectNode e = entry(r, 6);
            e.remove(List.of("content", "salt", "parts"));
            e.put("erased", true);
        });
        assertThat(verdict.failures()).contains(
                "entry 5 (leaf 6): occurredAt: shown for an erased entry, whose content nothing in the log holds any"
                        + " more",
                "entry 5 (leaf 6): recipient: shown for an erased entry, whose content nothing in the log holds any"
                        + " more");
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("entry 5 (leaf 6): sentence: "));
        assertThat(verdict.warnings()).anyMatch(w -> w.startsWith("entry 5 (leaf 6): erased, its content cannot be"
                + " checked: only that leaf 6 is in the log"));

        assertThat(changed(ALICE, r -> entry(r, 6).remove(List.of("content", "salt", "parts"))).failures())
                .contains("entry 5 (leaf 6): erased: false, but the entry has no content");
    }

    @Test
    void groupsHighlightsSummaryAndConsentCoverageFollowFromTheEntries() {
        List<Map.Entry<String, Consumer<ObjectNode>>> lies = List.of(
                Map.entry("groups", r -> ((ObjectNode) r.at("/groups/0")).put("count", 3)),
                Map.entry("groups", r -> ((ObjectNode) r.at("/groups/0")).put("summary", "3 disclosures to Acme.")),
                Map.entry("highlights.unauthorized", r -> ((ObjectNode) r.get("highlights")).putArray("unauthorized")),
                Map.entry("highlights.tpo", r -> ((ArrayNode) r.at("/highlights/tpo")).remove(0)),
                Map.entry("summary[0]", r -> ((ArrayNode) r.get("summary")).set(0, "2 disclosures about you between"
                        + " 2026-01-01 and 2027-01-01, to 4 combinations of recipient and purpose.")),
                Map.entry("summary (after its first line)", r -> ((ArrayNode) r.get("summary")).set(1, "none was"
                        + " unauthorized.")),
                Map.entry("consentHistory[0].versions[0].covered",
                        r -> ((ObjectNode) r.at("/consentHistory/0/versions/0")).putArray("covered")),
                Map.entry("consentHistory[0].versions[1].failedToCover",
                        r -> ((ArrayNode) r.at("/consentHistory/0/versions/1/failedToCover")).add(2)));
        for (Map.Entry<String, Consumer<ObjectNode>> lie : lies) {
            assertThat(changed(ALICE, lie.getValue()).failures()).as(lie.getKey())
                    .singleElement().asString().startsWith(lie.getKey() + ": ");
        }
        // the period the first summary line gives is the signed period in words, to the letter
        assertThat(changed(ALICE, r -> ((ArrayNode) r.get("summary")).set(0, "8 disclosures about you from"
                + " 2026-01-01 through 2027-01-01, to 4 combinations of recipient and purpose.")).failures())
                .singleElement().asString().startsWith("summary[0]: ").contains("through 2026-12-31");
    }

    @Test
    void aLinkToAnEntryTheReportLeavesOutIsAWarning() {
        // R08: leaf 1 dropped; leaf 2's part says Alice's previous entry is leaf 1, and the report lists leaf 0
        ObjectNode report = load(ALICE);
        entries(report).remove(1);
        Findings found = new Findings();
        Presentation.chain(report, new Presentation.Context("PATIENT", "PATIENT:pat-alice", Instant.EPOCH,
                Instant.parse("2027-01-01T00:00:00Z")), found);
        assertThat(found.warnings).contains("entry 1 (leaf 2): PATIENT:pat-alice's previous entry in the log is"
                + " leaf 1, which this report does not list, though it lists an earlier one of theirs (leaf 0): unless"
                + " leaf 1 occurred outside the period, the report leaves it out");
        assertThat(found.failures).isEmpty();

        // through the verifier: the dropped entry also leaves the groups and counts wrong
        ReportVerifier.Verdict verdict = changed(ALICE, r -> {
            entries(r).remove(1);
            r.put("entryCount", 7);
        });
        assertThat(verdict.warnings()).anyMatch(w -> w.startsWith("entry 1 (leaf 2): PATIENT:pat-alice's previous"
                + " entry in the log is leaf 1"));
        assertThat(verdict.failures()).anyMatch(f -> f.startsWith("groups: "));
        // a report that says it is incomplete is not held to its links
        assertThat(changed(ALICE, r -> {
            entries(r).remove(1);
            r.put("complete", false);
        }).warnings()).noneMatch(w -> w.startsWith("entry 1 (leaf 2): "));
    }

    @Test
    void membersThisVerifierDoesNotKnowAreNamedAsUnchecked() {
        ReportVerifier.Verdict verdict = changed(ALICE, r -> {
            r.put("note", "Everything in order.");
            for (JsonNode e : r.get("entries")) {
                ((ObjectNode) e).put("remark", "fine");
            }
        });

        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.warnings()).contains(
                "note: a member this verifier does not know; it is signed, but nothing checks what it says",
                "entries[].remark (in 8 entries): a member this verifier does not know; it is signed, but nothing"
                        + " checks what it says");
    }

    @Test
    void theProviderReportsGroupsAreByMonthAndItsSentencesSayNoYour() {
        ObjectNode tom = load("tom.json");
        assertThat(tom.at("/groups/0/month").asText()).isEqualTo("2026-01");
        assertThat(entry(tom, 0).get("sentence").asText()).startsWith("On 2026-01-05, billing codes and session");
        assertThat(changed("tom.json", r -> ((ObjectNode) r.at("/groups/0")).put("month", "2026-02")).failures())
                .singleElement().asString().startsWith("groups: ");
        assertThat(changed("tom.json", r -> entry(r, 0).put("sentence", entry(r, 0).get("sentence").asText()
                .replace("On 2026-01-05, billing", "On 2026-01-05, your billing"))).failures())
                .singleElement().asString().startsWith("entry 0 (leaf 0): sentence: ");
    }
}
