package dev.candor.stack;

import dev.candor.devinfra.OidcTokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The main story of DESIGN.md, as far as the services go today, recorded through the gateway with real tokens:
 * Alice's consent, the billing job's claim to her insurer, the analytics job's "utilization by provider" dataset
 * sent for rate negotiation (about Alice, Bob and therapist Tom), and regulator Rita pulling Alice's report.
 * Before the disclosures: Alice's delegation to Dana, and the care and business relations of the story (who may ask
 * consent-service about whom). Loaded once per stack home.
 */
public final class DemoData {

    public static final String ALICE_CONSENT = """
            {
              "kind": "GENERAL_CONSENT",
              "provisions": [
                {"effect": "PERMIT", "recipientIds": ["ins-acme"], "categories": ["BILLING_CODES", "SESSION_DATES"],
                 "purposes": ["HPAYMT"]},
                {"effect": "DENY", "recipientTypes": ["INSURER", "CLEARINGHOUSE", "RESEARCHER", "DATA_BROKER", "OTHER"],
                 "categories": ["SESSION_FREQUENCY", "SESSION_DURATION"],
                 "purposes": ["HOPERAT", "HRESCH", "HMARKT", "RATE_NEGOTIATION", "SALE"]}
              ],
              "signedText": "I allow CareBridge to send my billing codes and dates of service to Acme Health for my claims. I do not allow my session frequency or duration to be shared for any other purpose."
            }
            """;

    public static String claim(Instant occurredAt) {
        return """
                {
                  "occurredAt": "%s",
                  "recipient": {"id": "ins-acme", "name": "Acme Health Insurance", "type": "INSURER",
                                "address": "1 Insurance Way, Hartford, CT 06101"},
                  "subjects": [{"type": "PATIENT", "id": "pat-alice"}, {"type": "PROVIDER", "id": "prov-tom"}],
                  "categories": ["BILLING_CODES", "SESSION_DATES"],
                  "purpose": "HPAYMT",
                  "description": "Claim for a 45-minute psychotherapy session (CPT 90834) with Tom Rivers",
                  "purposeStatement": "Payment of a claim for services rendered",
                  "recordCount": 1
                }
                """.formatted(occurredAt);
    }

    public static String utilizationDataset(Instant occurredAt) {
        return """
                {
                  "occurredAt": "%s",
                  "recipient": {"id": "ins-acme", "name": "Acme Health Insurance", "type": "INSURER",
                                "address": "1 Insurance Way, Hartford, CT 06101"},
                  "subjects": [{"type": "PATIENT", "id": "pat-alice"}, {"type": "PATIENT", "id": "pat-bob"},
                               {"type": "PROVIDER", "id": "prov-tom"}, {"type": "PROVIDER", "id": "prov-tess"}],
                  "categories": ["SESSION_FREQUENCY", "SESSION_DURATION", "PRACTICE_PATTERNS"],
                  "purpose": "RATE_NEGOTIATION",
                  "description": "Utilization by provider: session counts, frequency and duration for 1,200 patients",
                  "purposeStatement": "Provider rate negotiation with Acme Health",
                  "recordCount": 1200
                }
                """.formatted(occurredAt);
    }

    /** Dana's user id (the token {@code sub}), pinned in keycloak/candor-realm.json. */
    public static final String DANA_SUBJECT = "38f7617c-3d36-5369-b9b9-c72b3203bc8f";

    /** Alice lets Dana act for her: manage her consent, read its history, read her disclosures and reports. */
    public static final String DANA_FOR_ALICE = """
            {
              "delegateSubject": "%s",
              "delegateName": "Dana Archer",
              "kind": "PERSONAL_REPRESENTATIVE",
              "scopes": ["MANAGE_CONSENT", "READ_CONSENT_HISTORY", "READ_DISCLOSURES"]
            }
            """.formatted(DANA_SUBJECT);

    /** Care relations (patient, provider) recorded by admin Adam: Tom treats Alice, Tess treats Bob. */
    static final String[][] CARE = {{"pat-alice", "prov-tom"}, {"pat-bob", "prov-tess"}};

    /** Business relations CareBridge records for itself: the platform holds data of both patients and both therapists. */
    static final String[][] CAREBRIDGE_BUSINESS = {{"PATIENT", "pat-alice"}, {"PATIENT", "pat-bob"},
            {"PROVIDER", "prov-tom"}, {"PROVIDER", "prov-tess"}};

    private final StackSettings settings;
    private final StackSecrets secrets;

    public DemoData(StackSettings settings, StackSecrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    public void loadOnce() throws IOException {
        Path marker = settings.home().resolve("demo-data.loaded");
        if (Files.exists(marker)) {
            System.out.println("Demo data already loaded (" + marker + ").");
            return;
        }
        System.out.println("Loading the demo data of the main story...");
        OidcTokens tokens = new OidcTokens(settings.realmUrl());
        ApiClient api = new ApiClient(settings.gatewayUrl());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String alice = tokens.password("candor-portal", "alice", "alice");
        api.post("/api/v1/consents", alice, ALICE_CONSENT).expect(201);

        api.post("/api/v1/delegations", alice, DANA_FOR_ALICE).expect(201);
        String adam = tokens.password("candor-portal", "adam", "adam");
        for (String[] care : CARE) {
            api.post("/api/v1/relations", adam, """
                    {"kind": "CARE", "subjectId": "%s", "partyId": "%s"}""".formatted(care[0], care[1])).expect(201);
        }
        String billing = tokens.clientCredentials("carebridge-billing",
                secrets.get("client.carebridge-billing.secret"));
        for (String[] subject : CAREBRIDGE_BUSINESS) {
            api.post("/api/v1/relations", billing, """
                    {"kind": "BUSINESS", "subjectType": "%s", "subjectId": "%s"}""".formatted(subject[0], subject[1]))
                    .expect(201);
        }
        api.post("/api/v1/disclosures", billing, claim(now.minus(2, ChronoUnit.DAYS))).expect(201);

        String analytics = tokens.clientCredentials("carebridge-analytics",
                secrets.get("client.carebridge-analytics.secret"));
        api.post("/api/v1/disclosures", analytics, utilizationDataset(now.minus(1, ChronoUnit.DAYS))).expect(201);

        String rita = tokens.password("candor-portal", "rita", "rita");
        api.get("/api/v1/reports/patients/pat-alice", rita).expect(200);

        Files.writeString(marker, now.toString());
    }
}
