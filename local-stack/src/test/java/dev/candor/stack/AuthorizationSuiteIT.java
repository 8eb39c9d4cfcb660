package dev.candor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization suite: every public endpoint × every kind of caller, through the gateway with real Keycloak
 * tokens and all services up, against the one table in {@code authorization/matrix.csv}; then the OWASP API
 * Security Top 10 (2023) cases that apply — broken object-level authorization and broken function-level
 * authorization are the table's cells; broken authentication, unrestricted resource consumption and mass
 * assignment have their own tests here.
 *
 * <p>The table states the intended policy (issues 4, 5 and 6); a cell the services answer differently is a finding,
 * not a cell to change. Its fixture claims use purpose HOPERAT, which the other end-to-end tests never assert about.
 */
class AuthorizationSuiteIT {

    /** The table's columns after method, path and body: who calls, and which patient the row is about. */
    record Actor(String column, String login, String patient) {
    }

    static final List<Actor> ACTORS = List.of(
            new Actor("patient_own", "alice", "pat-alice"),
            new Actor("patient_foreign", "bob", "pat-alice"),
            new Actor("delegate_own", "dana", "pat-alice"),
            new Actor("delegate_foreign", "dana", "pat-bob"),
            new Actor("therapist", "tom", "pat-alice"),
            new Actor("discloser", "client:carebridge-billing", "pat-alice"),
            new Actor("regulator", "rita", "pat-alice"),
            new Actor("admin", "adam", "pat-alice"),
            new Actor("none", null, "pat-alice"));

    record Row(String method, String path, String body, Map<String, Integer> expected) {
        String endpoint() {
            return method + " " + path;
        }
    }

    static E2eStack e2e;
    static ApiClient gateway;
    static final Map<String, String> tokens = new LinkedHashMap<>();
    static final Map<String, Long> tokenTaken = new LinkedHashMap<>();
    /** Per patient: a consent of theirs and a disclosure about them, made once. */
    static final Map<String, String> consents = new LinkedHashMap<>();
    static final Map<String, String> disclosures = new LinkedHashMap<>();
    /** Per patient: a decision about them alone that they asked for, made once. */
    static final Map<String, String> decisions = new LinkedHashMap<>();
    /** Per patient: a delegation in force and the care relation with their therapist. */
    static final Map<String, String> delegations = new LinkedHashMap<>();
    static final Map<String, String> careRelations = new LinkedHashMap<>();
    /** Who treats whom in the demo data ({@code DemoData.CARE}). */
    static final Map<String, String> PROVIDERS = Map.of("pat-alice", "prov-tom", "pat-bob", "prov-tess");

    /** What a placeholder of a path stands for, given the patient the column is about (the {@code new…} ones make it). */
    interface Fixture {
        String of(String patient) throws Exception;
    }

    static final Map<String, Fixture> PLACEHOLDERS = Map.ofEntries(
            Map.entry("{patient}", patient -> patient),
            Map.entry("{provider}", PROVIDERS::get),
            Map.entry("{consent}", consents::get),
            Map.entry("{newConsent}", AuthorizationSuiteIT::newConsent),
            Map.entry("{disclosure}", disclosures::get),
            Map.entry("{newDisclosure}", AuthorizationSuiteIT::newDisclosure),
            Map.entry("{decision}", decisions::get),
            Map.entry("{delegation}", delegations::get),
            Map.entry("{newDelegation}", AuthorizationSuiteIT::newDelegation),
            Map.entry("{relation}", careRelations::get),
            Map.entry("{newRelation}", AuthorizationSuiteIT::newCareRelation),
            Map.entry("{treeSize}", patient -> signedTreeSize()));

    @BeforeAll
    static void stackAndFixtures() throws Exception {
        e2e = E2eStack.get();
        gateway = e2e.gateway;
        for (String patient : List.of("pat-alice", "pat-bob")) {
            consents.put(patient, newConsent(patient));
            disclosures.put(patient, newDisclosure(patient));
            decisions.put(patient, decisionAskedBy(patient));
            careRelations.put(patient, careRelationOfDemoData(patient));
        }
        delegations.put("pat-alice", danaForAlice());
        delegations.put("pat-bob", newDelegation("pat-bob"));
    }

    static String token(String login) throws Exception {
        if (login == null) {
            return null;
        }
        // Tokens live 300 s in the realm: take a new one well before that.
        if (!tokens.containsKey(login) || System.nanoTime() - tokenTaken.get(login) > 120_000_000_000L) {
            tokens.put(login, login.startsWith("client:") ? e2e.client(login.substring(7)) : e2e.user(login));
            tokenTaken.put(login, System.nanoTime());
        }
        return tokens.get(login);
    }

    static String ownerLogin(String patient) {
        return patient.equals("pat-alice") ? "alice" : "bob";
    }

    static String newConsent(String patient) throws Exception {
        return call("POST", "/api/v1/consents", token(ownerLogin(patient)), body("consent.json", patient))
                .expect(201).json().path("id").asText();
    }

    static String newDisclosure(String patient) throws Exception {
        return call("POST", "/api/v1/disclosures", token("client:carebridge-billing"), body("claim.json", patient))
                .expect(201).json().path("id").asText();
    }

    /** A decision about the patient alone, asked for by the patient. */
    static String decisionAskedBy(String patient) throws Exception {
        return call("POST", "/api/v1/decisions", token(ownerLogin(patient)), body("decision.json", patient))
                .expect(200).json().path("decisionId").asText();
    }

    /**
     * The size of the latest signed checkpoint: one that surely exists (which smaller sizes have a checkpoint of their
     * own depends on how the integrator happened to batch the appends).
     */
    static String signedTreeSize() throws Exception {
        return call("GET", "/api/v1/log/checkpoint", token("client:carebridge-billing"), null).expect(200).body()
                .split("\n")[1];
    }

    /** Alice's delegation to Dana, granted by the demo data. */
    static String danaForAlice() throws Exception {
        JsonNode list = call("GET", "/api/v1/delegations?patient=pat-alice&delegate=" + DemoData.DANA_SUBJECT,
                token("alice"), null).expect(200).json();
        for (JsonNode delegation : list) {
            if (delegation.path("status").asText().equals("ACTIVE")) {
                return delegation.path("id").asText();
            }
        }
        throw new IllegalStateException("the demo data's delegation of Alice to Dana is missing: " + list);
    }

    /** A delegation the patient grants a made-up delegate (one per request: one active per patient and delegate). */
    static String newDelegation(String patient) throws Exception {
        return call("POST", "/api/v1/delegations", token(ownerLogin(patient)), body("delegation.json", patient))
                .expect(201).json().path("id").asText();
    }

    /** The patient's active care relation with their therapist, recorded by the demo data. */
    static String careRelationOfDemoData(String patient) throws Exception {
        JsonNode list = call("GET", "/api/v1/relations?subject=" + patient, token("adam"), null).expect(200).json();
        for (JsonNode relation : list) {
            if (relation.path("kind").asText().equals("CARE") && relation.path("status").asText().equals("ACTIVE")
                    && relation.path("partyId").asText().equals(PROVIDERS.get(patient))) {
                return relation.path("id").asText();
            }
        }
        throw new IllegalStateException("the demo data's care relation of " + patient + " is missing: " + list);
    }

    /** A care relation between the patient and a made-up provider, recorded by an admin. */
    static String newCareRelation(String patient) throws Exception {
        return call("POST", "/api/v1/relations", token("adam"), body("relation-care.json", patient))
                .expect(201).json().path("id").asText();
    }

    /**
     * One request; a 429 (the suite makes many requests per user quickly) is waited out and retried, since this
     * suite is about who may do what — the limits have their own test.
     */
    static ApiClient.Answer call(String method, String path, String token, String json) throws Exception {
        for (int attempt = 0; ; attempt++) {
            ApiClient.Answer answer = gateway.send(method, path, token, json);
            if (answer.status() != 429 || attempt == 5) {
                return answer;
            }
            Thread.sleep(1_100);
        }
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheTableSays() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int cells = 0;
        for (Row row : table()) {
            for (Actor actor : ACTORS) {
                String path = fill(row.path(), actor.patient());
                String json = row.body().equals("-") ? null : body(row.body(), actor.patient());
                ApiClient.Answer answer = call(row.method(), path, token(actor.login()), json);
                cells++;
                int wanted = row.expected().get(actor.column());
                if (answer.status() != wanted) {
                    mismatches.add(String.format("%-60s %-17s expected %d, got %d: %s", row.endpoint(),
                            actor.column(), wanted, answer.status(), abbreviate(answer.body())));
                } else if (wanted >= 400) {
                    if (!answer.contentType().startsWith("application/problem+json")) {
                        mismatches.add(row.endpoint() + " " + actor.column() + ": a " + wanted
                                + " that is not problem+json: " + answer.contentType());
                    }
                }
            }
        }
        assertThat(mismatches).as("cells that differ from authorization/matrix.csv (of %d)", cells).isEmpty();
    }

    @Test
    void theTableCoversEveryPathOfTheMergedOpenApiDocumentAndNothingElse() throws Exception {
        JsonNode doc = gateway.get("/api/openapi", null).expect(200).json();
        assertThat(doc.path("info").has("x-candor-missing-services")).as("every service's document was merged")
                .isFalse();
        List<Pattern> documented = new ArrayList<>();
        List<String> undocumentedRows = new ArrayList<>();
        List<String> documentedOperations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    documentedOperations.add(method + " " + path.getKey());
                    documented.add(Pattern.compile(method + " " + path.getKey().replaceAll("\\{[^}]+}", "[^/]+")));
                }
            }
        }
        List<Row> rows = table();
        for (Row row : rows) {
            String concrete = row.method() + " " + shape(row.path());
            if (documented.stream().noneMatch(p -> p.matcher(concrete).matches())) {
                undocumentedRows.add(row.endpoint());
            }
        }
        List<String> uncovered = new ArrayList<>();
        for (String operation : documentedOperations) {
            Pattern p = documented.get(documentedOperations.indexOf(operation));
            if (rows.stream().noneMatch(r -> p.matcher(r.method() + " " + shape(r.path())).matches())) {
                uncovered.add(operation);
            }
        }
        assertThat(undocumentedRows).as("rows whose endpoint the merged OpenAPI document lacks").isEmpty();
        assertThat(uncovered).as("documented public endpoints without a row in matrix.csv").isEmpty();
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
    }

    // --- API2:2023 broken authentication ---

    @Test
    void brokenAuthenticationNoWrongIssuerWrongAudienceAlgNoneTamperedAndExpiredTokensAreRefused() throws Exception {
        String path = "/api/v1/reports/patients/pat-alice";
        String alice = e2e.user("alice");
        gateway.get(path, alice).expect(200);
        assertUnauthorized(gateway.get(path, null));
        // Another realm's genuine token: wrong issuer (and audience).
        assertUnauthorized(gateway.get(path, e2e.keycloakAdminToken()));
        // The right realm and user, but a client whose tokens are not for candor-api: wrong audience.
        String adminCli = e2e.tokens.password("admin-cli", "alice", "alice");
        assertThat(claims(adminCli).path("iss").asText()).isEqualTo(e2e.settings.realmUrl());
        assertUnauthorized(gateway.get(path, adminCli));
        // alg none, no signature, the same claims.
        String[] parts = alice.split("\\.");
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertUnauthorized(gateway.get(path, none));
        // Tampered: Bob's claims under Alice's signature; and Alice's token pointed at Bob.
        String bob = e2e.user("bob");
        assertUnauthorized(gateway.get("/api/v1/reports/patients/pat-bob",
                parts[0] + "." + bob.split("\\.")[1] + "." + parts[2]));
        ObjectNode forged = (ObjectNode) claims(alice);
        forged.put("patient_id", "pat-bob");
        assertUnauthorized(gateway.get("/api/v1/reports/patients/pat-bob",
                parts[0] + "." + b64(forged.toString()) + "." + parts[2]));
        // Expired: a token taken while the realm's lifespan is 2 s, used after it lapsed (the stack's skew is 1 s).
        e2e.setAccessTokenLifespan(2);
        String shortLived;
        try {
            shortLived = e2e.user("alice");
        } finally {
            e2e.setAccessTokenLifespan(300);
        }
        Thread.sleep(4_500);
        assertUnauthorized(gateway.get(path, shortLived));
    }

    // --- API4:2023 unrestricted resource consumption ---

    @Test
    void aBurstOverTheRateLimitGets429WithRetryAfterAndABodyOverTheLimit413() throws Exception {
        String adam = e2e.user("adam");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<ApiClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> gateway.get("/api/v1/log/checkpoint", adam), pool));
            }
            List<ApiClient.Answer> limited = answers.stream().map(CompletableFuture::join)
                    .filter(a -> a.status() == 429).toList();
            assertThat(limited).as("a burst of 200 from one user over a limit of 40 + 20/s").isNotEmpty();
            assertThat(limited.get(0).contentType()).startsWith("application/problem+json");
            assertThat(limited.get(0).json().path("detail").asText()).contains("user adam");
        } finally {
            pool.shutdown();
        }
        var raw = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(e2e.settings.gatewayUrl() + "/api/v1/log/checkpoint"))
                .header("Authorization", "Bearer " + adam).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (raw.statusCode() == 429) {
            long retryAfter = Long.parseLong(raw.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 60L);
            Thread.sleep(retryAfter * 1000);
        }
        // The bucket refills at 20/s: within a few seconds the same user is served again.
        int status = 429;
        for (int tries = 0; tries < 10 && status == 429; tries++) {
            status = gateway.get("/api/v1/log/checkpoint", adam).status();
            if (status == 429) {
                Thread.sleep(1_100);
            }
        }
        assertThat(status).as("served again once the bucket refilled").isEqualTo(200);

        ApiClient.Answer tooBig = gateway.post("/api/v1/consents", e2e.user("alice"),
                "{\"signedText\":\"" + "a".repeat(1_100_000) + "\"}");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
    }

    // --- API3:2023 broken object property level authorization (mass assignment) ---

    @Test
    void serverSetFieldsInBodiesAreIgnored() throws Exception {
        ObjectNode consent = (ObjectNode) ApiClient.JSON.readTree(body("consent.json", "pat-alice"));
        consent.put("id", "00000000-0000-0000-0000-000000000001");
        consent.put("recordedBy", "mallory");
        consent.put("version", 99);
        consent.put("recordedAt", "2000-01-01T00:00:00Z");
        JsonNode created = call("POST", "/api/v1/consents", token("alice"), consent.toString()).expect(201).json();
        assertThat(created.path("id").asText()).isNotEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(created.path("recordedBy").asText()).isEqualTo("alice");
        assertThat(created.path("version").asInt()).isEqualTo(1);

        ObjectNode claim = (ObjectNode) ApiClient.JSON.readTree(body("claim.json", "pat-alice"));
        claim.put("discloserOrg", "org-lakeside");
        claim.put("leafIndex", 0);
        claim.putArray("flags");
        claim.put("id", "00000000-0000-0000-0000-000000000002");
        JsonNode recorded = call("POST", "/api/v1/disclosures", token("client:carebridge-billing"),
                claim.toString()).expect(201).json();
        assertThat(recorded.path("id").asText()).isNotEqualTo("00000000-0000-0000-0000-000000000002");
        // The 201 answer does not repeat the organisation; the stored entry says who really recorded it.
        JsonNode stored = call("GET", "/api/v1/disclosures/" + recorded.path("id").asText(),
                token("client:carebridge-billing"), null).expect(200).json();
        assertThat(stored.path("discloserOrg").asText()).isEqualTo("org-carebridge");
    }

    // --- the table ---

    static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        for (String line : resource("matrix.csv").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = List.of(line.split(","));
            if (header == null) {
                header = cells;
                for (Actor actor : ACTORS) {
                    assertThat(header).as("a column per kind of caller").contains(actor.column());
                }
                continue;
            }
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int i = 3; i < header.size(); i++) {
                expected.put(header.get(i), Integer.parseInt(cells.get(i).trim()));
            }
            rows.add(new Row(cells.get(0), cells.get(1), cells.get(2), expected));
        }
        return rows;
    }

    static String fill(String template, String patient) throws Exception {
        String path = template;
        for (Map.Entry<String, Fixture> placeholder : PLACEHOLDERS.entrySet()) {
            if (path.contains(placeholder.getKey())) {
                path = path.replace(placeholder.getKey(), placeholder.getValue().of(patient));
            }
        }
        return path;
    }

    /** A row's path as a concrete-looking path without its query, creating nothing. */
    static String shape(String template) {
        return template.replaceAll("\\{[^}]+}", "x").replaceAll("\\?.*", "");
    }

    static String body(String name, String patient) throws IOException {
        return resource("bodies/" + name).replace("{patient}", patient)
                .replace("{now}", Instant.now().minusSeconds(60).toString())
                .replace("{unique}", UUID.randomUUID().toString());
    }

    static String resource(String name) throws IOException {
        try (InputStream in = AuthorizationSuiteIT.class.getResourceAsStream("/authorization/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode claims(String jwt) throws IOException {
        return ApiClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static void assertUnauthorized(ApiClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}
