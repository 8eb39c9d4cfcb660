package dev.candor.consent;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.candor.consent.Api.ACME;
import static dev.candor.consent.Api.ALICE_CONSENT;
import static dev.candor.consent.Api.ER;
import static dev.candor.consent.Api.create;
import static dev.candor.consent.Api.decision;
import static dev.candor.consent.Api.freshPatient;
import static dev.candor.consent.Api.patient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The decision API over HTTP: the main story, batches, break-glass, time travel, who may ask, bad input. */
@QuarkusTest
class DecisionResourceTest {

    /** The ledger asks with the internal service account, which may ask about anyone (disclosers need a relation). */
    static final String BILLING = TestTokens.user("candor-internal", "service").sign();

    static ValidatableResponse decide(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/decisions")
                .then();
    }

    @Test
    void theClaimIsPermittedByAlicesConsentAndTheDecisionIsKept() {
        String alice = freshPatient();
        String consentId = create(TestTokens.patient(alice), ALICE_CONSENT);

        ValidatableResponse response = decide(BILLING, decision(patient(alice) + ", {\"type\": \"PROVIDER\", "
                + "\"id\": \"prov-tom\"}", ACME, "\"BILLING_CODES\", \"SESSION_DATES\"", "HPAYMT", null))
                .statusCode(200).contentType(ContentType.JSON)
                .body("decisionId", notNullValue())
                .body("decision", equalTo("PERMIT"))
                .body("legalBasis", equalTo("CONSENT"))
                .body("categories", equalTo(List.of("SESSION_DATES", "BILLING_CODES")))
                .body("impliedCategories", equalTo(List.of("SESSION_FREQUENCY", "SESSION_DURATION")))
                .body("permittedCategories", equalTo(List.of("SESSION_DATES", "BILLING_CODES")))
                .body("deniedSubjects", hasSize(0))
                .body("breakGlass", equalTo(false))
                .body("validUntil", nullValue())
                .body("subjects", hasSize(2))
                .body("subjects[0].decisionId", notNullValue())
                .body("subjects[0].subject.id", equalTo(alice))
                .body("subjects[0].decision", equalTo("PERMIT"))
                .body("subjects[0].legalBasis", equalTo("CONSENT"))
                .body("subjects[0].consentId", equalTo(consentId))
                .body("subjects[0].consentVersion", equalTo(1))
                .body("subjects[0].consentKind", equalTo("GENERAL_CONSENT"))
                .body("subjects[0].policyProfile", equalTo("HIPAA"))
                .body("subjects[0].categories.category", equalTo(List.of("SESSION_DATES", "BILLING_CODES",
                        "SESSION_FREQUENCY", "SESSION_DURATION")))
                .body("subjects[0].categories.legalBasis", equalTo(List.of("CONSENT", "CONSENT", "HIPAA_TPO",
                        "HIPAA_TPO")))
                .body("subjects[0].categories[2].implied", equalTo(true))
                .body("subjects[0].categories[2].impliedBy", equalTo(List.of("SESSION_DATES")))
                .body("subjects[0].matchedProvisions[0].directiveId", equalTo(consentId))
                .body("subjects[0].matchedProvisions[0].provisionIndex", equalTo(0))
                .body("subjects[0].matchedProvisions[0].applied", equalTo(true))
                .body("subjects[0].obligations[0].code", equalTo("MINIMUM_NECESSARY"))
                .body("subjects[0].reason", startsWith("PERMIT for PATIENT " + alice))
                .body("subjects[1].legalBasis", equalTo("HIPAA_TPO"))
                .body("subjects[1].consentId", nullValue());

        String overallId = response.extract().path("decisionId");
        String aliceDecision = response.extract().path("subjects[0].decisionId");
        assertThat(Api.count("SELECT count(*) FROM decision WHERE overall_id = ?::uuid", overallId)).isEqualTo(3);
        // the answer is kept once, whole, on the request's row; the subjects' rows keep only what a citation needs
        assertThat(Api.count("SELECT count(*) FROM decision WHERE id = ?::uuid AND document LIKE '%' || ? || '%'",
                overallId, aliceDecision)).isEqualTo(1);
        assertThat(Api.count("SELECT count(*) FROM decision WHERE overall_id = ?::uuid AND document IS NULL",
                overallId)).isEqualTo(2);
        // and it is exactly the answer the caller was sent
        assertThat(Api.count("SELECT count(*) FROM decision WHERE id = ?::uuid AND document = ?",
                overallId, response.extract().asString())).isEqualTo(1);
        assertThat(Api.count("SELECT count(*) FROM decision WHERE id = ?::uuid AND subject_id = ? AND decision = "
                + "'PERMIT' AND legal_basis = 'CONSENT' AND consent_id = ?::uuid AND consent_version = 1 AND "
                + "requested_by = 'candor-internal'", aliceDecision, alice, consentId))
                .isEqualTo(1);
    }

    @Test
    void aKeptDecisionIsReadBackAsAnsweredByWhoAskedByTheRegulatorAndNotByOthers() {
        String alice = freshPatient();
        String bob = freshPatient();
        Api.relate("BUSINESS", "PATIENT", alice, "org-carebridge");
        Api.relate("BUSINESS", "PATIENT", bob, "org-carebridge");
        String carebridge = TestTokens.discloser("carebridge-billing", "org-carebridge");
        // a minimal answer to the asker; the whole one is kept
        ValidatableResponse asked = given().auth().oauth2(carebridge).contentType(ContentType.JSON)
                .header("Prefer", "return=minimal")
                .body(decision(patient(alice) + ", " + patient(bob), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .when().post("/api/v1/decisions")
                .then().statusCode(200).header("Preference-Applied", "return=minimal")
                .body("subjects[0]", not(hasKey("categories")));
        String requestId = asked.extract().path("decisionId");
        String aliceDecision = asked.extract().path("subjects[0].decisionId");

        // the regulator follows the ledger's citation (Alice's own decision id) to the whole answer
        String kept = given().auth().oauth2(TestTokens.regulator("rita"))
                .when().get("/api/v1/decisions/{id}", aliceDecision)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("decisionId", equalTo(requestId))
                .body("subjects[0].decisionId", equalTo(aliceDecision))
                .body("subjects[0].categories[0].reason", containsString("HIPAA TPO"))
                .extract().asString();
        // the same text whichever id is cited, and exactly what the record keeps
        given().auth().oauth2(carebridge).when().get("/api/v1/decisions/{id}", requestId)
                .then().statusCode(200).body(equalTo(kept));
        assertThat(Api.count("SELECT count(*) FROM decision WHERE id = ?::uuid AND document = ?", requestId, kept))
                .isEqualTo(1);

        // another organisation, a therapist, and Alice (the decision is about Bob too) learn nothing — not even
        // that it exists: the same 404 as for an id never given
        for (String stranger : List.of(TestTokens.discloser("other-billing", "org-other"),
                TestTokens.therapist("prov-tom", "prac-tom"), TestTokens.patient(alice))) {
            given().auth().oauth2(stranger).when().get("/api/v1/decisions/{id}", aliceDecision)
                    .then().statusCode(404).contentType("application/problem+json")
                    .body("detail", equalTo("decision " + aliceDecision + " not found"));
        }
        UUID never = UUID.randomUUID();
        given().auth().oauth2(TestTokens.regulator("rita")).when().get("/api/v1/decisions/{id}", never)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("decision " + never + " not found"));
        given().auth().oauth2(TestTokens.regulator("rita")).when().get("/api/v1/decisions/not-an-id")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/decisions/{id}", aliceDecision).then().statusCode(401);

        // a decision about Alice alone is hers (and her delegates') to read, though CareBridge asked for it
        String hers = decide(carebridge, decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(200).extract().path("subjects[0].decisionId");
        given().auth().oauth2(TestTokens.patient(alice)).when().get("/api/v1/decisions/{id}", hers)
                .then().statusCode(200).body("subjects[0].subject.id", equalTo(alice));
        given().auth().oauth2(TestTokens.patient(bob)).when().get("/api/v1/decisions/{id}", hers)
                .then().statusCode(404);
    }

    @Test
    void theRateNegotiationDatasetIsDeniedForAliceAndTom() {
        String alice = freshPatient();
        String bob = freshPatient();
        create(TestTokens.patient(alice), ALICE_CONSENT);
        Api.relate("BUSINESS", "PATIENT", alice, "org-carebridge");
        Api.relate("BUSINESS", "PATIENT", bob, "org-carebridge");
        Api.relate("BUSINESS", "PROVIDER", "prov-tom", "org-carebridge");
        decide(TestTokens.discloser("carebridge-analytics", "org-carebridge"), decision(
                patient(alice) + ", " + patient(bob) + ", {\"type\": \"PROVIDER\", \"id\": \"prov-tom\"}", ACME,
                "\"SESSION_FREQUENCY\", \"SESSION_DURATION\", \"PRACTICE_PATTERNS\"", "RATE_NEGOTIATION", null))
                .statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("legalBasis", equalTo("NONE"))
                .body("deniedSubjects.id", equalTo(List.of(alice, bob, "prov-tom")))
                .body("permittedCategories", hasSize(0))
                .body("reason", startsWith("DENY: denied for 3 of 3 subjects"))
                .body("subjects[0].categories[0].reason", containsString("denied by general consent"))
                .body("subjects[0].consentKind", equalTo("GENERAL_CONSENT"))
                .body("subjects[2].reason", containsString("rate negotiation is never permitted without the "
                        + "subject's consent"));
    }

    @Test
    void aBatchIsDecidedInOrderAndRecordedTogether() {
        String alice = freshPatient();
        create(TestTokens.patient(alice), ALICE_CONSENT);
        String requests = IntStream.range(0, 50).mapToObj(i -> decision(patient(alice), ACME,
                        i % 2 == 0 ? "\"BILLING_CODES\"" : "\"SESSION_FREQUENCY\"",
                        i % 2 == 0 ? "HPAYMT" : "RATE_NEGOTIATION", null))
                .collect(Collectors.joining(","));
        ValidatableResponse response = given().auth().oauth2(TestTokens.user("candor-internal", "service").sign())
                .contentType(ContentType.JSON).body("{\"requests\": [" + requests + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(200)
                .body("results", hasSize(50))
                .body("results[0].decision", equalTo("PERMIT"))
                .body("results[1].decision", equalTo("DENY"))
                .body("results[49].decision", equalTo("DENY"));
        List<String> ids = response.extract().path("results.decisionId");
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", alice)).isEqualTo(50);
    }

    @Test
    void aBatchOverTheLimitOrWithABadItemIsRefusedWhole() {
        String alice = freshPatient();
        String one = decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null);
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> one).collect(Collectors.joining(","));
        given().auth().oauth2(BILLING).contentType(ContentType.JSON).body("{\"requests\": [" + tooMany + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("requests"));

        given().auth().oauth2(BILLING).contentType(ContentType.JSON)
                .body("{\"requests\": [" + one + ", " + decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT", null)
                        + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("requests[1].reason"));
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", alice)).isZero();
    }

    @Test
    void breakGlassNeedsAReasonAndIsTimeLimitedAndFlagged() {
        String alice = freshPatient();
        decide(BILLING, decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT", null))
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("reason"))
                .body("detail", containsString("break-glass"));
        decide(BILLING, decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"  \""))
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        // Only an invisible character is no stated reason either.
        decide(BILLING, decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"\\u200B\""))
                .statusCode(400).body("errors[0].field", equalTo("reason"));
        // An emergency is about the patient at hand: no fan-out over many subjects.
        String eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> patient(alice + "-" + i))
                .collect(java.util.stream.Collectors.joining(", "));
        decide(TestTokens.therapist("prov-er", "prac-er"), decision(eleven, ER, "\"DIAGNOSIS\"", "ETREAT",
                "\"reason\": \"mass casualty\""))
                .statusCode(400).body("errors[0].field", equalTo("subjects"))
                .body("errors[0].message", containsString("at most 10"));
        // Break-glass is about an emergency that is happening: a permit for a moment to come is refused, not kept.
        decide(BILLING, decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT",
                "\"reason\": \"unconscious\", \"time\": \"9999-12-31T23:00:00Z\""))
                .statusCode(400).body("errors[0].field", equalTo("time"));

        Instant time = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String overallId = decide(TestTokens.therapist("prov-er", "prac-er"), decision(patient(alice), ER,
                "\"DIAGNOSIS\", \"PSYCHOTHERAPY_NOTES\"", "ETREAT",
                "\"reason\": \"unconscious in the ER\", \"time\": \"" + time + "\""))
                .statusCode(200)
                .body("decision", equalTo("DENY"))
                .body("permittedCategories", equalTo(List.of("DIAGNOSIS")))
                .body("breakGlass", equalTo(true))
                .body("reviewRequired", equalTo(true))
                .body("validUntil", equalTo(time.plus(Duration.ofHours(4)).toString()))
                .body("subjects[0].obligations.code", equalTo(List.of("MINIMUM_NECESSARY", "BREAK_GLASS_REVIEW")))
                .body("subjects[0].obligations[1].detail", containsString("unconscious in the ER"))
                .extract().path("decisionId");
        assertThat(Api.count("SELECT count(*) FROM decision WHERE id = ?::uuid AND review_required AND break_glass "
                + "AND stated_reason = 'unconscious in the ER'", overallId)).isEqualTo(1);

        // the record keeps a stated reason exactly, whatever characters it holds
        String awkward = "patient\tunconscious\\ \"ER\"\r\nbay 3 {a,b} \\N";
        String awkwardId = decide(BILLING, decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT",
                "\"reason\": \"" + awkward.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t")
                        .replace("\r", "\\r").replace("\n", "\\n") + "\""))
                .statusCode(200).extract().path("decisionId");
        assertThat(Api.count("SELECT count(*) FROM decision WHERE overall_id = ?::uuid AND stated_reason = ?",
                awkwardId, awkward.strip())).isEqualTo(2);
    }

    @Test
    void breakGlassIsBoundedPerCallNotOnlyPerRequest() {
        String er = TestTokens.therapist("prov-er", "prac-er");
        String prefix = "pat-" + UUID.randomUUID();
        // Three break-glass requests of 10 patients each: every request is within its own bound, the call is not.
        String batch = IntStream.range(0, 3).mapToObj(r -> decision(IntStream.range(0, 10)
                        .mapToObj(i -> patient(prefix + "-" + r + "-" + i)).collect(Collectors.joining(", ")),
                ER, "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"mass casualty\"")).collect(Collectors.joining(","));
        given().auth().oauth2(er).contentType(ContentType.JSON).body("{\"requests\": [" + batch + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/validation"))
                .body("errors.field", equalTo(List.of("requests")))
                .body("errors[0].message", containsString("at most 10 subjects per call"))
                .body("errors[0].message", containsString("30 given"));
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id LIKE ? || '%'", prefix)).isZero();

        // Ten in all, however they are split, is an emergency's worth; requests for other purposes do not count.
        String alice = freshPatient();
        Api.relate("CARE", "PATIENT", alice, "prov-er");
        String tenInAll = decision(IntStream.range(0, 4).mapToObj(i -> patient(prefix + "-a-" + i))
                .collect(Collectors.joining(", ")), ER, "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"crash\"") + ", "
                + decision(IntStream.range(0, 6).mapToObj(i -> patient(prefix + "-b-" + i))
                .collect(Collectors.joining(", ")), ER, "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"crash\"") + ", "
                + decision(patient(alice), ER, "\"DIAGNOSIS\"", "TREAT", null);
        given().auth().oauth2(er).contentType(ContentType.JSON).body("{\"requests\": [" + tenInAll + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(200).body("results", hasSize(3));

        // The service account may ask about anyone for any purpose, so break-glass widens nothing for it: the ledger
        // gathers many disclosures' questions into one call, and is bounded per request only.
        given().auth().oauth2(BILLING).contentType(ContentType.JSON).body("{\"requests\": [" + batch + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(200).body("results", hasSize(3));
    }

    @Test
    void aDecisionAboutAPastMomentUsesTheVersionInForceThen() throws InterruptedException {
        String alice = freshPatient();
        String token = TestTokens.patient(alice);
        String id = create(token, ALICE_CONSENT);
        Thread.sleep(5);
        Instant whileInForce = Instant.now();
        Thread.sleep(5);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\": \"changed my mind\"}")
                .when().post("/api/v1/consents/{id}/revoke", id).then().statusCode(200);

        String operations = decision(patient(alice), ACME, "\"SESSION_DATES\"", "HOPERAT", null);
        decide(BILLING, operations.replace("}\n", ", \"time\": \"" + whileInForce + "\"}\n"))
                .statusCode(200).body("decision", equalTo("DENY"))
                .body("time", equalTo(whileInForce.toString()))
                .body("subjects[0].consentId", equalTo(id))
                .body("subjects[0].consentVersion", equalTo(1));
        decide(BILLING, operations)
                .statusCode(200).body("decision", equalTo("PERMIT"))
                .body("legalBasis", equalTo("HIPAA_TPO"))
                .body("subjects[0].matchedProvisions", hasSize(0));
        decide(BILLING, operations.replace("}\n", ", \"time\": \"2020-01-01T00:00:00Z\"}\n"))
                .statusCode(200).body("legalBasis", equalTo("HIPAA_TPO"));
    }

    @Test
    void aDecisionIsAboutAMomentThatHasComeWithinTheClockSkew() {
        String alice = freshPatient();
        String operations = decision(patient(alice), ACME, "\"SESSION_DATES\"", "HOPERAT", null);
        String therapist = TestTokens.therapist("prov-er", "prac-er");
        // A break-glass permit valid in 2030, or any PERMIT kept "as of" a future instant from today's directives:
        // refused for every caller, the service account included, and nothing is kept.
        for (String token : new String[]{BILLING, therapist}) {
            decide(token, decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT",
                    "\"reason\": \"unconscious\", \"time\": \"2030-01-01T00:00:00Z\""))
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("time")))
                    .body("errors[0].message", containsString("lies in the future"));
        }
        decide(BILLING, operations.replace("}\n", ", \"time\": \"" + Instant.now().plus(Duration.ofMinutes(6))
                + "\"}\n")).statusCode(400).body("errors[0].field", equalTo("time"));
        given().auth().oauth2(BILLING).contentType(ContentType.JSON).body("{\"requests\": [" + operations + ", "
                        + operations.replace("}\n", ", \"time\": \"2030-01-01T00:00:00Z\"}\n") + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(400).body("errors.field", equalTo(List.of("requests[1].time")));
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", alice)).isZero();

        // The ledger accepts a disclosure's occurredAt up to 5 minutes ahead of its clock and asks as of it.
        Instant soon = Instant.now().plus(Duration.ofMinutes(4));
        decide(BILLING, operations.replace("}\n", ", \"time\": \"" + soon + "\"}\n"))
                .statusCode(200).body("time", equalTo(soon.toString()));
    }

    @Test
    void therapistsAndDisclosersAskAboutThePresentOnly() {
        String alice = freshPatient();
        String consentId = create(TestTokens.patient(alice), ALICE_CONSENT);
        Api.relate("CARE", "PATIENT", alice, "prov-tom");
        Api.relate("BUSINESS", "PATIENT", alice, "org-carebridge");
        String tom = TestTokens.therapist("prov-tom", "prac-harbor");
        String carebridge = TestTokens.discloser("carebridge-billing", "org-carebridge");
        String claim = decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null);
        String lastYear = claim.replace("}\n", ", \"time\": \"" + Instant.now().minus(Duration.ofDays(365))
                + "\"}\n");

        for (String token : new String[]{tom, carebridge}) {
            // The present: the answer names the consent in force now, as the status would.
            decide(token, claim).statusCode(200).body("subjects[0].consentId", equalTo(consentId));
            decide(token, claim.replace("}\n", ", \"time\": \"" + Instant.now().minus(Duration.ofMinutes(1))
                    + "\"}\n")).statusCode(200);
            // Another moment would show the directives in force then: the history, which a relation does not open.
            decide(token, lastYear).statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://candor.dev/problems/forbidden"))
                    .body("errors.field", equalTo(List.of("time")))
                    .body("errors[0].message", containsString("present only"));
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"requests\": [" + claim + ", " + lastYear + "]}")
                    .when().post("/api/v1/decisions/batch")
                    .then().statusCode(403).body("errors.field", equalTo(List.of("requests[1].time")));
        }
        // Break-glass too: an emergency is now, and it opens no patient's history.
        String stranger = freshPatient();
        decide(TestTokens.therapist("prov-er", "prac-er"), decision(patient(stranger), ER, "\"DIAGNOSIS\"", "ETREAT",
                "\"reason\": \"unconscious\", \"time\": \"2024-01-01T00:00:00Z\""))
                .statusCode(403).body("errors[0].field", equalTo("time"));
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ? AND decision_time < now() - "
                + "interval '1 hour'", alice)).isZero();
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", stranger)).isZero();

        // Who may read the history may ask about any moment that has come: the patient, the ledger's account.
        decide(TestTokens.patient(alice), lastYear).statusCode(200).body("legalBasis", equalTo("HIPAA_TPO"));
        decide(BILLING, lastYear).statusCode(200);
    }

    @Test
    void aChangeIsSeenByTheNextDecisionWhetherThisReplicaOrAnotherWroteIt() throws InterruptedException {
        String alice = freshPatient();
        String token = TestTokens.patient(alice);
        String id = create(token, ALICE_CONSENT);
        String frequency = decision(patient(alice), ACME, "\"SESSION_FREQUENCY\"", "HOPERAT", null);
        decide(BILLING, frequency).statusCode(200).body("decision", equalTo("DENY"))
                .body("subjects[0].consentId", equalTo(id));

        // revoked through this replica: the very next decision knows (the subject's directives were in memory)
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\": \"changed my mind\"}")
                .when().post("/api/v1/consents/{id}/revoke", id).then().statusCode(200);
        decide(BILLING, frequency).statusCode(200).body("decision", equalTo("PERMIT"))
                .body("legalBasis", equalTo("HIPAA_TPO"));

        // a third version written by another replica (straight into the database): its change notice reaches this one
        Api.execute("""
                INSERT INTO directive_version (id, directive_id, version, status, provisions, text_sha256, recorded_at,
                                               recorded_by, actor_role)
                SELECT gen_random_uuid(), directive_id, 3, 'ACTIVE', provisions, text_sha256, now(), 'replica-2',
                       'PATIENT'
                  FROM directive_version WHERE directive_id = ?::uuid AND version = 1
                """, id);
        String answer = null;
        for (int attempt = 0; attempt < 50 && !"DENY".equals(answer); attempt++) {
            Thread.sleep(100);
            answer = decide(BILLING, frequency).statusCode(200).extract().path("decision");
        }
        assertThat(answer).as("decision after another replica restored the consent").isEqualTo("DENY");
        decide(BILLING, frequency).statusCode(200).body("subjects[0].consentVersion", equalTo(3));
    }

    @Test
    void decisionsFromMemoryAreKeptBeforeTheyAreAnsweredSingleOrBatched() {
        // the service account may ask about anyone: once Alice's consent state is in memory its decisions are taken
        // on the event loop and answered when the group commit has kept them
        String alice = freshPatient();
        create(TestTokens.patient(alice), ALICE_CONSENT);
        String claim = decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null);
        decide(BILLING, claim).statusCode(200).body("legalBasis", equalTo("CONSENT")); // loads Alice into memory
        for (int i = 0; i < 3; i++) {
            String id = decide(BILLING, claim).statusCode(200).body("legalBasis", equalTo("CONSENT"))
                    .extract().path("decisionId");
            assertThat(Api.count("SELECT count(*) FROM decision WHERE overall_id = ?::uuid", id))
                    .as("kept before answered").isEqualTo(2);
        }
        List<String> ids = given().auth().oauth2(BILLING).contentType(ContentType.JSON)
                .body("{\"requests\": [" + claim + ", " + claim + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(200).body("results.legalBasis", equalTo(List.of("CONSENT", "CONSENT")))
                .extract().path("results.decisionId");
        for (String id : ids) {
            assertThat(Api.count("SELECT count(*) FROM decision WHERE overall_id = ?::uuid", id)).isEqualTo(2);
        }
        // a problem in the request is still a problem, not a decision
        decide(BILLING, decision(patient(alice), ACME, "\"BILLING_CODES\"", "ETREAT", null))
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aMinimalAnswerGivesTheOutcomeAndTheIdsToCiteAndTheWholeAnswerIsKept() {
        String alice = freshPatient();
        String consentId = create(TestTokens.patient(alice), ALICE_CONSENT);
        String claim = decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null);
        var single = given().auth().oauth2(BILLING).contentType(ContentType.JSON).header("Prefer", "return=minimal")
                .body(claim)
                .when().post("/api/v1/decisions")
                .then().statusCode(200).header("Preference-Applied", "return=minimal")
                .body("decision", equalTo("PERMIT"))
                .body("subjects[0].legalBasis", equalTo("CONSENT"))
                .body("subjects[0].consentId", equalTo(consentId))
                .body("subjects[0].consentVersion", equalTo(1))
                .body("subjects[0].reason", notNullValue())
                .body("subjects[0]", not(hasKey("matchedProvisions")))
                .body("subjects[0]", not(hasKey("categories")));
        String cited = single.extract().path("subjects[0].decisionId");
        String overall = single.extract().path("decisionId");
        // the explanation left out of the answer is kept under the same ids
        assertThat(Api.count("SELECT count(*) FROM decision WHERE id = ?::uuid AND document LIKE '%matchedProvisions%'",
                overall)).isEqualTo(1);
        assertThat(Api.count("SELECT count(*) FROM decision WHERE id = ?::uuid AND overall_id = ?::uuid", cited,
                overall)).isEqualTo(1);

        given().auth().oauth2(BILLING).contentType(ContentType.JSON).header("Prefer", "respond-async, return=minimal")
                .body("{\"requests\": [" + claim + ", " + claim + "]}")
                .when().post("/api/v1/decisions/batch")
                .then().statusCode(200).header("Preference-Applied", "return=minimal")
                .body("results", hasSize(2))
                .body("results[1].subjects[0].consentId", equalTo(consentId))
                .body("results[1].subjects[0]", not(hasKey("obligations")));
        // without the preference: the whole answer
        decide(BILLING, claim).statusCode(200).header("Preference-Applied", nullValue())
                .body("subjects[0].matchedProvisions", hasSize(1));
    }

    @Test
    void everyAskingRoleMayAskAndPatientsOnlyAboutThemselves() {
        String alice = freshPatient();
        String claim = decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null);
        Api.relate("BUSINESS", "PATIENT", alice, "org-carebridge");
        Api.relate("CARE", "PATIENT", alice, "prov-tom");
        for (String token : List.of(TestTokens.discloser("carebridge-billing", "org-carebridge"), BILLING,
                TestTokens.therapist("prov-tom", "prac-harbor"), TestTokens.regulator("rita"),
                TestTokens.admin("adam"), TestTokens.patient(alice), Api.delegateOf(alice, "dana"))) {
            decide(token, claim).statusCode(200).body("decision", equalTo("PERMIT"));
        }

        decide(TestTokens.patient(freshPatient()), claim)
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://candor.dev/problems/forbidden"))
                .body("detail", equalTo("the caller may ask only about the patients they act for"));
        decide(TestTokens.delegate("dana", alice), claim.replace(patient(alice),
                patient(alice) + ", {\"type\": \"PROVIDER\", \"id\": \"prov-tom\"}"))
                .statusCode(403).contentType("application/problem+json");
        decide(TestTokens.user("nobody").sign(), claim)
                .statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(claim).when().post("/api/v1/decisions")
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", alice)).isEqualTo(7);
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        String alice = freshPatient();
        decide(BILLING, decision(patient(alice), ACME, "\"BILLING_CODES\"", "PAYDAY", null))
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("purpose"))
                .body("detail", containsString("PAYDAY"));
        decide(BILLING, decision(patient(alice), ACME, "\"CPT_90834\"", "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("categories[0]"));
        decide(BILLING, decision(patient(alice), ACME, "", "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("categories"));
        decide(BILLING, decision("", ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("subjects"));
        decide(BILLING, decision("{\"type\": \"PATIENT\"}", ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("subjects[0].id"));
        decide(BILLING, decision(patient(alice), "{\"id\": \"ins-acme\", \"type\": \"BANK\"}", "\"BILLING_CODES\"",
                "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("recipient.type"));
        decide(BILLING, decision(patient(alice) + ", " + patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("subjects[1]"));
        decide(BILLING, decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", "\"time\": \"soon\""))
                .statusCode(400).body("errors[0].field", equalTo("time"));
        decide(BILLING, "{\"subjects\": [").statusCode(400)
                .body("type", equalTo("https://candor.dev/problems/malformed-request"));
        // A moment PostgreSQL cannot store would fail the shared commit of everyone decided with it: refused up front.
        for (String time : new String[]{"0000-01-01T00:00:00Z", "+99999-01-01T00:00:00Z"}) {
            decide(BILLING, decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", "\"time\": \"" + time + "\""))
                    .statusCode(400).body("errors[0].field", equalTo("time"))
                    .body("errors[0].message", containsString("out of range"));
        }
        decide(BILLING, decision(patient(alice), ACME, "\"BILLING_CODES\"", "HPAYMT", "\"purpose\": \"TREAT\""))
                .statusCode(400).body("errors[0].field", equalTo("purpose"))
                .body("errors[0].message", containsString("more than once"));
        // Ids with escapes or bidirectional overrides could pose as another recipient in a report: refused.
        decide(BILLING, decision(patient(alice), "{\"id\": \"ins-\\u202Eemca\", \"type\": \"INSURER\"}",
                "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("recipient.id"))
                .body("errors[0].message", containsString("bidirectional"));
        decide(BILLING, decision(patient(alice + "\\u001b[2J"), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(400).body("errors[0].field", equalTo("subjects[0].id"));
        decide(BILLING, decision(patient(alice), ER, "\"DIAGNOSIS\"", "ETREAT", "\"reason\": \"ER\\u0000\""))
                .statusCode(400).body("errors[0].field", equalTo("reason"))
                .body("errors[0].message", containsString("NUL"));
        assertThat(Api.count("SELECT count(*) FROM decision WHERE subject_id = ?", alice)).isZero();
    }

    @Test
    void aSubjectsOwnProfileDecidesWhenNoDirectiveSpeaks() {
        String alice = freshPatient();
        String operations = decision(patient(alice), ACME, "\"TREATMENT_PLAN\"", "HOPERAT", null);
        decide(BILLING, operations).statusCode(200).body("decision", equalTo("PERMIT"))
                .body("subjects[0].policyProfile", equalTo("HIPAA"));

        given().auth().oauth2(TestTokens.admin("adam")).contentType(ContentType.JSON)
                .body("{\"profile\": \"WA_MHMDA\"}")
                .when().put("/api/v1/policy-profiles/subjects/{id}", alice)
                .then().statusCode(200).body("effectiveProfile", equalTo("WA_MHMDA"));
        decide(BILLING, operations).statusCode(200).body("decision", equalTo("DENY"))
                .body("subjects[0].policyProfile", equalTo("WA_MHMDA"))
                .body("subjects[0].reason", containsString("WA_MHMDA"));
        decide(BILLING, operations.replace("}\n", ", \"time\": \"" + Instant.now().minusSeconds(3600) + "\"}\n"))
                .statusCode(200).body("decision", equalTo("PERMIT"))
                .body("subjects[0].policyProfile", equalTo("HIPAA"));

        given().auth().oauth2(TestTokens.admin("adam"))
                .when().delete("/api/v1/policy-profiles/subjects/{id}", alice)
                .then().statusCode(200).body("profile", nullValue()).body("effectiveProfile", equalTo("HIPAA"));
        decide(BILLING, operations).statusCode(200).body("decision", equalTo("PERMIT"));
    }

    @Test
    void aDecisionNamesAnUnknownDirectiveNever() {
        decide(BILLING, decision(patient("pat-" + UUID.randomUUID()), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                .statusCode(200).body("subjects[0].consentId", nullValue())
                .body("subjects[0].matchedProvisions", hasSize(0));
    }
}
