package dev.candor.consent;

import dev.candor.testsupport.PostgresTestResource;
import dev.candor.testsupport.TestTokens;
import io.restassured.http.ContentType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/** Request bodies and calls the service tests share. Every test uses fresh subject ids, so tests never interfere. */
public final class Api {

    private Api() {
    }

    public static String freshPatient() {
        return "pat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Alice's consent of the main story (the same as the demo data). */
    static final String ALICE_CONSENT = """
            {
              "kind": "GENERAL_CONSENT",
              "provisions": [
                {"effect": "PERMIT", "recipientIds": ["ins-acme"], "categories": ["BILLING_CODES", "SESSION_DATES"],
                 "purposes": ["HPAYMT"]},
                {"effect": "DENY", "recipientTypes": ["INSURER", "CLEARINGHOUSE", "RESEARCHER", "DATA_BROKER", "OTHER"],
                 "categories": ["SESSION_FREQUENCY", "SESSION_DURATION"],
                 "purposes": ["HOPERAT", "HRESCH", "HMARKT", "RATE_NEGOTIATION", "SALE"]}
              ],
              "signedText": "I allow CareBridge to send my billing codes and dates of service to Acme Health for my claims."
            }
            """;

    /** A complete HIPAA authorization of rate negotiation with Acme, for {@code elements} to be taken apart. */
    static String rateAuthorization(String elements) {
        return """
                {
                  "kind": "HIPAA_AUTHORIZATION",
                  "provisions": [
                    {"effect": "PERMIT", "recipientIds": ["ins-acme"], "categories": ["SESSION_FREQUENCY"],
                     "purposes": ["RATE_NEGOTIATION"]}
                  ],
                  "authorization": {%s},
                  "signedText": "I authorize CareBridge to give Acme Health my session frequency."
                }
                """.formatted(elements);
    }

    static String completeElements() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return """
                "informationDescription": "how often I attend sessions",
                "discloser": "CareBridge Practice Services",
                "recipient": "Acme Health Insurance",
                "purpose": "rate negotiation with my therapist's practice",
                "expiresAt": "%s",
                "signature": "Alice Example",
                "signedAt": "%s",
                "revocationStatement": "I may revoke this authorization in writing at any time."
                """.formatted(now.plus(365, ChronoUnit.DAYS), now.minusSeconds(60));
    }

    static String create(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * The patient grants {@code username} a delegation with these scopes (all three when none are named); returns a
     * token of that delegate naming the patient in {@code delegate_for}.
     */
    static String delegateOf(String patientId, String username, String... scopes) {
        String[] granted = scopes.length > 0 ? scopes
                : new String[]{"MANAGE_CONSENT", "READ_CONSENT_HISTORY", "READ_DISCLOSURES"};
        given().auth().oauth2(TestTokens.patient(patientId)).contentType(ContentType.JSON).body("""
                        {"delegateSubject": "user-%s", "delegateName": "%s", "kind": "PERSONAL_REPRESENTATIVE",
                         "scopes": [%s]}
                        """.formatted(username, username, Arrays.stream(granted).map(g -> "\"" + g + "\"")
                        .collect(Collectors.joining(", "))))
                .when().post("/api/v1/delegations")
                .then().statusCode(201);
        return TestTokens.delegate(username, patientId);
    }

    /** An admin records a care (party: provider id) or business (party: org id) relation; returns its id. */
    public static String relate(String kind, String subjectType, String subjectId, String partyId) {
        return given().auth().oauth2(TestTokens.admin("adam")).contentType(ContentType.JSON).body("""
                        {"kind": "%s", "subjectType": "%s", "subjectId": "%s", "partyId": "%s"}
                        """.formatted(kind, subjectType, subjectId, partyId))
                .when().post("/api/v1/relations")
                .then().statusCode(201).extract().path("id");
    }

    static String decision(String subjects, String recipient, String categories, String purpose, String extra) {
        return """
                {"subjects": [%s], "recipient": %s, "categories": [%s], "purpose": "%s"%s}
                """.formatted(subjects, recipient, categories, purpose, extra == null ? "" : ", " + extra);
    }

    static String patient(String id) {
        return "{\"type\": \"PATIENT\", \"id\": \"" + id + "\"}";
    }

    static final String ACME = "{\"id\": \"ins-acme\", \"type\": \"INSURER\"}";
    static final String ER = "{\"id\": \"prov-er\", \"type\": \"PROVIDER\"}";

    /** Runs a count query against the service's database. */
    static long count(String sql, Object... parameters) {
        return sql(sql, parameters, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Writes straight into the service's database, as another replica of the service would. */
    static void execute(String sql, Object... parameters) {
        sql(sql, parameters, PreparedStatement::executeUpdate);
    }

    private interface Statement<T> {
        T run(PreparedStatement ps) throws java.sql.SQLException;
    }

    private static <T> T sql(String sql, Object[] parameters, Statement<T> statement) {
        try (Connection c = PostgresTestResource.server().superuser(PostgresTestResource.currentDatabase());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            return statement.run(ps);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
