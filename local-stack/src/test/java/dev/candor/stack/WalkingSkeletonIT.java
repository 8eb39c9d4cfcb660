package dev.candor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, with the real parts: the stack the README's run command starts (embedded PostgreSQL, the Keycloak
 * distribution with the repository's realm, the four services as built jars), real tokens from Keycloak, and every
 * call through the gateway unless a test says otherwise.
 */
class WalkingSkeletonIT {

    static E2eStack e2e;
    static ApiClient gateway;

    @BeforeAll
    static void startTheWholeStack() throws Exception {
        e2e = E2eStack.get();
        gateway = e2e.gateway;
    }

    static String user(String name) {
        return e2e.user(name);
    }

    static String client(String clientId) throws Exception {
        return e2e.client(clientId);
    }

    @Test
    void aPatientCreatesAndReadsAConsentThroughTheGateway() {
        String alice = user("alice");
        JsonNode created = gateway.post("/api/v1/consents", alice, DemoData.ALICE_CONSENT).expect(201).json();
        assertThat(created.path("patientId").asText()).isEqualTo("pat-alice");
        assertThat(created.path("recordedBy").asText()).isEqualTo("alice");

        JsonNode read = gateway.get("/api/v1/consents/" + created.path("id").asText(), alice).expect(200).json();
        assertThat(read.path("provisions")).hasSize(2);

        // Bob cannot even tell it exists: the consent service itself answers 404.
        gateway.get("/api/v1/consents/" + created.path("id").asText(), user("bob")).expect(404);
    }

    @Test
    void aDisclosingSystemRecordsAndReadsADisclosureThroughTheGateway() throws Exception {
        String billing = client("carebridge-billing");
        JsonNode recorded = gateway.post("/api/v1/disclosures", billing,
                DemoData.claim(java.time.Instant.now().minusSeconds(60))).expect(201).json();
        assertThat(recorded.path("leafIndex").asLong()).isGreaterThanOrEqualTo(0);

        String id = recorded.path("id").asText();
        JsonNode read = gateway.get("/api/v1/disclosures/" + id, billing).expect(200).json();
        assertThat(read.path("discloserOrg").asText()).isEqualTo("org-carebridge");
        gateway.get("/api/v1/disclosures/" + id, user("alice")).expect(200);
        // Another organisation's system, and another patient, get the same 404 as for an absent entry.
        gateway.get("/api/v1/disclosures/" + id, client("lakeside-ehr")).expect(404);
        gateway.get("/api/v1/disclosures/" + id, user("bob")).expect(404);
    }

    @Test
    void theMainStoryEveryDisclosureIsDecidedByConsentAndTheUncoveredOneIsFlagged() throws Exception {
        // Alice's consent (from the demo data, recorded moments ago: decisions are taken as of when a disclosure
        // occurred) permits billing codes and dates of service to Acme for claims.
        JsonNode claim = gateway.post("/api/v1/disclosures", client("carebridge-billing"),
                DemoData.claim(java.time.Instant.now())).expect(201).json();
        JsonNode alicesDecision = decisionFor(claim, "pat-alice");
        assertThat(alicesDecision.path("outcome").asText()).as(claim.toString()).isEqualTo("PERMIT");
        assertThat(alicesDecision.path("basis").asText()).isEqualTo("CONSENT");
        assertThat(alicesDecision.path("consentId").isTextual()).isTrue();
        assertThat(claim.path("flags")).isEmpty();

        // The utilization dataset for rate negotiation: nothing covers it, it is recorded anyway and flagged.
        JsonNode dataset = gateway.post("/api/v1/disclosures", client("carebridge-analytics"),
                DemoData.utilizationDataset(java.time.Instant.now())).expect(201).json();
        assertThat(decisionFor(dataset, "pat-alice").path("outcome").asText()).isEqualTo("DENY");
        assertThat(dataset.path("flags").toString()).contains("UNAUTHORIZED");

        // The regulator follows the entry's citation to consent-service's kept decision and its explanation; the
        // dataset's decision speaks of other patients too, so neither Alice nor the organisation that disclosed (the
        // ledger asked, not it) may read it.
        String cited = decisionFor(dataset, "pat-alice").path("decisionId").asText();
        JsonNode kept = gateway.get("/api/v1/decisions/" + cited, user("rita")).expect(200).json();
        JsonNode alicesPart = null;
        for (JsonNode subject : kept.path("subjects")) {
            if (subject.path("decisionId").asText().equals(cited)) {
                alicesPart = subject;
            }
        }
        assertThat(alicesPart).as(kept.toString()).isNotNull();
        assertThat(alicesPart.path("subject").path("id").asText()).isEqualTo("pat-alice");
        assertThat(alicesPart.path("decision").asText()).isEqualTo("DENY");
        assertThat(alicesPart.path("reason").asText()).isNotBlank();
        gateway.get("/api/v1/decisions/" + cited, user("alice")).expect(404);
        gateway.get("/api/v1/decisions/" + cited, client("carebridge-analytics")).expect(404);

        // Tom sees the dataset about his practice; Alice sees it among the disclosures about her.
        JsonNode toms = gateway.get("/api/v1/disclosures?flag=UNAUTHORIZED", user("tom")).expect(200).json();
        List<String> ids = new ArrayList<>();
        toms.path("items").forEach(i -> ids.add(i.path("id").asText()));
        assertThat(ids).contains(dataset.path("id").asText());
        // ...her own part of it: the dataset is also about Bob and two practices, whom Alice's view does not name
        JsonNode alicesView = gateway.get("/api/v1/disclosures/" + dataset.path("id").asText() + "?proof=true",
                user("alice")).expect(200).json();
        List<String> shown = new ArrayList<>();
        alicesView.path("parts").forEach(p -> shown.add(p.path("part").path("subject").asText()));
        assertThat(shown).containsExactly("PATIENT:pat-alice");
        assertThat(alicesView.toString()).doesNotContain("pat-bob", "prov-tom", "prov-tess");
        assertThat(dev.candor.verifier.merkle.LedgerLeaf.checkParts(alicesView.path("content"),
                alicesView.path("parts"))).isEqualTo(1);
    }

    static JsonNode decisionFor(JsonNode recorded, String subjectId) {
        for (JsonNode d : recorded.path("decisions")) {
            if (d.path("subjectId").asText().equals(subjectId)) {
                return d;
            }
        }
        throw new AssertionError("no decision for " + subjectId + " in " + recorded);
    }

    @Test
    void theLedgerSignsCheckpointsThatVerifyWithItsPublishedKey() throws Exception {
        String billing = client("carebridge-billing");
        JsonNode recorded = gateway.post("/api/v1/disclosures?wait=true", billing,
                DemoData.claim(java.time.Instant.now().minusSeconds(30))).expect(201).json();
        assertThat(recorded.path("integrated").asBoolean()).isTrue();
        String keys = gateway.get("/api/v1/log/keys", billing).expect(200).body();
        var verifiers = keys.lines().filter(l -> !l.isBlank()).map(dev.candor.verifier.note.NoteVerifier::parse).toList();
        var checkpoint = dev.candor.verifier.note.Checkpoint.open(recorded.path("checkpoint").asText(), verifiers);
        List<byte[]> proof = new ArrayList<>();
        recorded.path("proof").path("hashes").forEach(h -> proof.add(java.util.Base64.getDecoder().decode(h.asText())));
        dev.candor.verifier.merkle.ProofVerifier.verifyInclusion(recorded.path("leafIndex").asLong(), checkpoint.size(),
                java.util.Base64.getDecoder().decode(recorded.path("leafHash").asText()), proof, checkpoint.rootHash());
        JsonNode audit = gateway.post("/api/v1/admin/log/verify", user("rita"), "").expect(200).json();
        assertThat(audit.path("ok").asBoolean()).as(audit.toString()).isTrue();
    }

    @Test
    void aPatientsReportReadsBothServicesWithTheCallersToken() {
        JsonNode report = gateway.get("/api/v1/reports/patients/pat-alice", user("alice")).expect(200).json();
        assertThat(report.path("consentHistory").size()).isGreaterThanOrEqualTo(1);
        List<String> purposes = new ArrayList<>();
        report.path("entries").forEach(d -> purposes.add(d.path("content").path("disclosure").path("purpose").asText()));
        assertThat(purposes).contains("HPAYMT", "RATE_NEGOTIATION");

        // Bob's report holds the dataset he was part of, never Alice's claim.
        JsonNode bobs = gateway.get("/api/v1/reports/patients/pat-bob", user("bob")).expect(200).json();
        List<String> bobPurposes = new ArrayList<>();
        bobs.path("entries").forEach(d -> bobPurposes.add(d.path("content").path("disclosure").path("purpose").asText()));
        // (a regulator's pull of Bob's report is a disclosure about him too: OVERSIGHT may be there)
        assertThat(bobPurposes).contains("RATE_NEGOTIATION").doesNotContain("HPAYMT");

        // Dana is Alice's delegate: Alice's report yes, Bob's no.
        gateway.get("/api/v1/reports/patients/pat-alice", user("dana")).expect(200);
        assertProblem(gateway.get("/api/v1/reports/patients/pat-bob", user("dana")), 403);
        // Rita the regulator reads any report.
        gateway.get("/api/v1/reports/patients/pat-bob", user("rita")).expect(200);
    }

    @Test
    void theWrongRoleIsForbidden() throws Exception {
        assertProblem(gateway.get("/api/v1/reports/patients/pat-alice", client("carebridge-billing")), 403);
        assertProblem(gateway.post("/api/v1/disclosures", user("alice"),
                DemoData.claim(java.time.Instant.now())), 403);
        assertProblem(gateway.post("/api/v1/consents", user("tom"), DemoData.ALICE_CONSENT), 403);
        assertProblem(gateway.get("/api/v1/reports/patients/pat-bob", user("alice")), 403);
    }

    @Test
    void noGarbageForeignOrExpiredTokensAreUnauthorized() throws Exception {
        assertProblem(gateway.get("/api/v1/reports/patients/pat-alice", null), 401);
        assertProblem(gateway.get("/api/v1/reports/patients/pat-alice", "garbage.token.value"), 401);
        String alice = user("alice");
        String tampered = alice.substring(0, alice.length() - 6) + (alice.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        assertProblem(gateway.get("/api/v1/reports/patients/pat-alice", tampered), 401);

        // A real Keycloak token, but from another realm (wrong issuer, wrong audience).
        String masterAdmin = e2e.keycloakAdminToken();
        assertProblem(gateway.get("/api/v1/reports/patients/pat-alice", masterAdmin), 401);

        // A real token that has expired: shorten the realm's token lifespan, take a token, let it lapse.
        e2e.setAccessTokenLifespan(2);
        String shortLived;
        try {
            shortLived = user("alice");
        } finally {
            e2e.setAccessTokenLifespan(300);
        }
        gateway.get("/api/v1/reports/patients/pat-alice", shortLived).expect(200);
        Thread.sleep(5_000);
        assertProblem(gateway.get("/api/v1/reports/patients/pat-alice", shortLived), 401);
    }

    @Test
    void theServicesCheckAgainBehindTheGateway() {
        ApiClient ledgerDirect = new ApiClient("http://localhost:" + e2e.settings.ledgerPort());
        assertProblem(ledgerDirect.get("/api/v1/disclosures?subject=pat-alice", user("bob")), 403);
        assertProblem(ledgerDirect.get("/api/v1/disclosures", null), 401);
        ApiClient consentDirect = new ApiClient("http://localhost:" + e2e.settings.consentPort());
        assertProblem(consentDirect.get("/api/v1/consents?patient=pat-alice", user("bob")), 403);
    }

    static void assertProblem(ApiClient.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    }
}
