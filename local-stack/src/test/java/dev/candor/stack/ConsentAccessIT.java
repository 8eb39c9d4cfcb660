package dev.candor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delegations and care/business relations with real Keycloak tokens (issue 4 items 3 and 6): the demo data's
 * delegation lets Dana act for Alice, and only the story's therapists and disclosing organisations may ask
 * consent-service about its patients. Decisions go through the gateway; the endpoints the gateway does not route yet
 * (delegations, relations, the current status for therapists and disclosers) are called on consent-service itself.
 */
class ConsentAccessIT {

    static E2eStack e2e;
    static ApiClient consent;

    @BeforeAll
    static void stack() throws Exception {
        e2e = E2eStack.get();
        consent = e2e.direct(e2e.settings.consentPort());
    }

    static String claimAbout(String patientId) {
        return """
                {"subjects": [{"type": "PATIENT", "id": "%s"}], "recipient": {"id": "ins-acme", "type": "INSURER"},
                 "categories": ["BILLING_CODES"], "purpose": "HPAYMT"}
                """.formatted(patientId);
    }

    @Test
    void danaActsForAliceThroughTheRecordedDelegation() {
        String dana = e2e.user("dana");
        JsonNode mine = consent.get("/api/v1/delegations?delegate=me", dana).expect(200).json();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("patientId").asText()).isEqualTo("pat-alice");
        assertThat(mine.get(0).path("delegateSubject").asText()).isEqualTo(DemoData.DANA_SUBJECT);

        e2e.gateway.get("/api/v1/consents?patient=pat-alice", dana).expect(200);
        // Read through the gateway, a FHIR Bundle's links name the gateway, not consent-service's own address.
        JsonNode bundle = e2e.gateway.get("/api/v1/fhir/Consent?patient=pat-alice", dana).expect(200).json();
        assertThat(bundle.path("link").get(0).path("url").asText())
                .isEqualTo(e2e.settings.gatewayUrl() + "/api/v1/fhir/Consent?patient=pat-alice");
        assertThat(bundle.path("entry")).isNotEmpty().allSatisfy(entry -> assertThat(entry.path("fullUrl").asText())
                .startsWith(e2e.settings.gatewayUrl() + "/api/v1/fhir/Consent/"));
        e2e.gateway.post("/api/v1/decisions", dana, claimAbout("pat-alice")).expect(200);
        WalkingSkeletonIT.assertProblem(e2e.gateway.post("/api/v1/decisions", dana, claimAbout("pat-bob")), 403);
    }

    @Test
    void aDelegatesClaimOpensBobsDisclosuresOnlyWhileARecordedDelegationCoversThem() throws Exception {
        // Erin's Keycloak account names Bob in delegate_for, but consent-service holds no delegation yet.
        String erinId = e2e.createUser("erin", "delegate", "{\"delegate_for\": [\"pat-bob\"]}");
        String erin = e2e.user("erin");
        assertThat(e2e.gateway.get("/api/v1/disclosures?subject=pat-bob", e2e.user("bob")).expect(200).json()
                .path("items")).as("the demo data has disclosures about Bob").isNotEmpty();
        assertErinReadsBobsDisclosures(erin, false);

        String bob = e2e.user("bob");
        JsonNode granted = e2e.gateway.post("/api/v1/delegations", bob, """
                {"delegateSubject": "%s", "delegateName": "Erin Test", "kind": "PERSONAL_REPRESENTATIVE",
                 "scopes": ["READ_DISCLOSURES"]}""".formatted(erinId)).expect(201).json();
        Thread.sleep(1_100); // the services keep a delegate's records for a second here (30 s by default)
        assertErinReadsBobsDisclosures(erin, true);
        // The scope is disclosures only: Bob's consent history stays closed to her.
        WalkingSkeletonIT.assertProblem(e2e.gateway.get("/api/v1/consents?patient=pat-bob", erin), 403);

        e2e.gateway.post("/api/v1/delegations/" + granted.path("id").asText() + "/revoke", bob,
                "{\"reason\": \"Erin no longer helps with my paperwork\"}").expect(200);
        Thread.sleep(1_100);
        assertErinReadsBobsDisclosures(erin, false);
    }

    /** The ledger, report-service and the gateway's access log all confirm the claim against the records. */
    private static void assertErinReadsBobsDisclosures(String erin, boolean allowed) {
        if (allowed) {
            assertThat(e2e.gateway.get("/api/v1/disclosures?subject=pat-bob", erin).expect(200).json()
                    .path("items")).isNotEmpty();
            JsonNode report = e2e.gateway.get("/api/v1/reports/patients/pat-bob", erin).expect(200).json();
            assertThat(report.path("entryCount").asLong()).isPositive();
            // Her delegation has no consent-history scope: the report says so instead of showing it.
            assertThat(report.path("consentHistory")).isEmpty();
            assertThat(report.path("consentHistoryWithheld").asText()).contains("consent history");
            e2e.gateway.get("/api/v1/access-log?patient=pat-bob", erin).expect(200);
        } else {
            WalkingSkeletonIT.assertProblem(e2e.gateway.get("/api/v1/disclosures?subject=pat-bob", erin), 403);
            assertThat(e2e.gateway.get("/api/v1/disclosures", erin).expect(200).json().path("items")).isEmpty();
            WalkingSkeletonIT.assertProblem(e2e.gateway.get("/api/v1/reports/patients/pat-bob", erin), 404);
            WalkingSkeletonIT.assertProblem(e2e.gateway.get("/api/v1/access-log?patient=pat-bob", erin), 403);
        }
    }

    @Test
    void onlyRelatedTherapistsAndDisclosersAskAboutAPatient() throws Exception {
        e2e.gateway.post("/api/v1/decisions", e2e.client("carebridge-billing"), claimAbout("pat-alice")).expect(200);
        WalkingSkeletonIT.assertProblem(
                e2e.gateway.post("/api/v1/decisions", e2e.client("lakeside-ehr"), claimAbout("pat-alice")), 403);
        e2e.gateway.post("/api/v1/decisions", e2e.user("tom"), claimAbout("pat-alice")).expect(200);
        WalkingSkeletonIT.assertProblem(
                e2e.gateway.post("/api/v1/decisions", e2e.user("tess"), claimAbout("pat-alice")), 403);

        JsonNode status = consent.get("/api/v1/consents/status?patient=pat-alice", e2e.user("tom")).expect(200).json();
        assertThat(status.path("permitted").toString()).contains("ins-acme", "BILLING_CODES", "HPAYMT");
        assertThat(status.toString()).doesNotContain("textSha256", "version");
        WalkingSkeletonIT.assertProblem(consent.get("/api/v1/consents/status?patient=pat-alice", e2e.user("tess")),
                403);
        WalkingSkeletonIT.assertProblem(consent.get("/api/v1/consents?patient=pat-alice", e2e.user("tom")), 403);
    }
}
