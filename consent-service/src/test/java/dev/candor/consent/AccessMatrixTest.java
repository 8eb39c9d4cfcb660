package dev.candor.consent;

import dev.candor.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.candor.consent.Api.ACME;
import static dev.candor.consent.Api.ALICE_CONSENT;
import static dev.candor.consent.Api.decision;
import static dev.candor.consent.Api.freshPatient;
import static dev.candor.consent.Api.patient;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what (issue 4 item 6), as one table: each endpoint × each role × the caller's own subject (the patient
 * they are, act for, or have a relation with) or a foreign one → the status the service answers. Delegates are all
 * granted by the own patient and carry {@code delegate_for} = [own patient]; they differ only in their delegation
 * record (scope, expiry, revocation, none at all).
 */
@QuarkusTest
class AccessMatrixTest {

    enum Endpoint {
        /** GET /api/v1/consents?patient= */ LIST,
        /** GET /api/v1/consents/{id} */ READ,
        /** GET /api/v1/consents/{id}/versions */ VERSIONS,
        /** PUT /api/v1/consents/{id} */ AMEND,
        /** POST /api/v1/consents */ CREATE,
        /** GET /api/v1/consents/status?patient= */ STATUS,
        /** POST /api/v1/decisions */ DECIDE,
        /** GET /api/v1/policy-profiles/subjects/{patient} */ PROFILE_GET,
        /** PUT /api/v1/policy-profiles/subjects/{patient} */ PROFILE_SET,
        /** GET /api/v1/delegations?patient= */ DELEGATIONS,
        /** POST /api/v1/delegations */ GRANT,
        /** GET /api/v1/relations?subject= */ RELATIONS,
        /** GET /api/v1/fhir/Consent?patient= */ FHIR_SEARCH,
        /** GET /api/v1/fhir/Consent/{id} */ FHIR_READ,
        /** GET /api/v1/fhir/Consent/{id}/_history/1 */ FHIR_VREAD,
        /** GET /api/v1/decisions/{id}: a decision the internal service account asked about the subject */ KEPT
    }

    static final String TABLE = """
            # who                 subject  LIST READ VERSIONS AMEND CREATE STATUS DECIDE PROFILE_GET PROFILE_SET DELEGATIONS GRANT RELATIONS FHIR_SEARCH FHIR_READ FHIR_VREAD KEPT
            patient               own      200  200  200      200   201    200    200    200         403         200         201   200   200         200       200  200
            patient               foreign  403  404  404      404   403    403    403    403         403         403         403   403   403         404       404  404
            delegate-manage       own      200  200  200      200   201    200    200    200         403         403         403   200   200         200       200  200
            delegate-manage       foreign  403  404  404      404   403    403    403    403         403         403         403   403   403         404       404  404
            delegate-read         own      200  200  200      403   403    200    200    200         403         403         403   200   200         200       200  200
            delegate-read         foreign  403  404  404      404   403    403    403    403         403         403         403   403   403         404       404  404
            delegate-disclosures  own      403  404  404      404   403    403    403    403         403         403         403   403   403         404       404  404
            delegate-expired      own      403  404  404      404   403    403    403    403         403         403         403   403   403         404       404  404
            delegate-revoked      own      403  404  404      404   403    403    403    403         403         403         403   403   403         404       404  404
            delegate-no-record    own      403  404  404      404   403    403    403    403         403         403         403   403   403         404       404  404
            therapist             own      403  403  403      403   403    200    200    403         403         403         403   403   403         403       403  404
            therapist             foreign  403  403  403      403   403    403    403    403         403         403         403   403   403         403       403  404
            discloser             own      403  403  403      403   403    200    200    403         403         403         403   403   403         403       403  404
            discloser             foreign  403  403  403      403   403    403    403    403         403         403         403   403   403         403       403  404
            regulator             own      200  200  200      403   403    200    200    200         403         200         403   200   200         200       200  200
            regulator             foreign  200  200  200      403   403    200    200    200         403         200         403   200   200         200       200  200
            admin                 own      200  200  200      403   403    200    200    200         200         200         201   200   200         200       200  200
            admin                 foreign  200  200  200      403   403    200    200    200         200         200         201   200   200         200       200  200
            service               own      403  403  403      403   403    200    200    200         403         403         403   403   403         403       403  200
            service               foreign  403  403  403      403   403    200    200    200         403         403         403   403   403         403       403  200
            none                  own      401  401  401      401   401    401    401    401         401         401         401   401   401         401       401  401
            """;

    static Stream<Arguments> table() {
        List<Arguments> cases = new ArrayList<>();
        List<String> lines = TABLE.lines().filter(l -> !l.isBlank()).toList();
        String[] header = lines.get(0).split("\\s+");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.strip().split("\\s+");
            assertThat(cells).as(line).hasSize(header.length - 1);
            for (int column = 2; column < cells.length; column++) {
                cases.add(Arguments.of(cells[0], cells[1], Endpoint.valueOf(header[column + 1]),
                        Integer.parseInt(cells[column])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1} subject: {2} → {3}")
    @MethodSource("table")
    void whoMayDoWhat(String who, String subject, Endpoint endpoint, int expected) {
        World world = World.get();
        boolean own = subject.equals("own");
        Response response = call(endpoint, world.token(who), own ? world.own : world.foreign,
                own ? world.ownDirective : world.foreignDirective, own ? world.ownDecision : world.foreignDecision);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    static Response call(Endpoint endpoint, String token, String patientId, String directiveId, String decisionId) {
        RequestSpecification request = token == null ? given() : given().auth().oauth2(token);
        return switch (endpoint) {
            case LIST -> request.queryParam("patient", patientId).get("/api/v1/consents");
            case READ -> request.get("/api/v1/consents/{id}", directiveId);
            case VERSIONS -> request.get("/api/v1/consents/{id}/versions", directiveId);
            case AMEND -> request.contentType(ContentType.JSON).body(ALICE_CONSENT)
                    .put("/api/v1/consents/{id}", directiveId);
            case CREATE -> request.contentType(ContentType.JSON)
                    .body(ALICE_CONSENT.replaceFirst("\\{", "{\"patientId\": \"" + patientId + "\", "))
                    .post("/api/v1/consents");
            case STATUS -> request.queryParam("patient", patientId).get("/api/v1/consents/status");
            case DECIDE -> request.contentType(ContentType.JSON)
                    .body(decision(patient(patientId), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                    .post("/api/v1/decisions");
            case PROFILE_GET -> request.get("/api/v1/policy-profiles/subjects/{id}", patientId);
            case PROFILE_SET -> request.contentType(ContentType.JSON).body("{\"profile\": \"HIPAA\"}")
                    .put("/api/v1/policy-profiles/subjects/{id}", patientId);
            case DELEGATIONS -> request.queryParam("patient", patientId).get("/api/v1/delegations");
            case GRANT -> request.contentType(ContentType.JSON).body("""
                    {"patientId": "%s", "delegateSubject": "user-%s", "kind": "OTHER", "scopes": ["READ_DISCLOSURES"]}
                    """.formatted(patientId, UUID.randomUUID())).post("/api/v1/delegations");
            case RELATIONS -> request.queryParam("subject", patientId).get("/api/v1/relations");
            case FHIR_SEARCH -> request.queryParam("patient", patientId).get("/api/v1/fhir/Consent");
            case FHIR_READ -> request.get("/api/v1/fhir/Consent/{id}", directiveId);
            case FHIR_VREAD -> request.get("/api/v1/fhir/Consent/{id}/_history/1", directiveId);
            case KEPT -> request.get("/api/v1/decisions/{id}", decisionId);
        };
    }

    /** The subjects, directives, delegations and relations the table speaks of; made once for the whole table. */
    static final class World {

        private static World instance;

        final String own = freshPatient();
        final String foreign = freshPatient();
        final String provider = "prov-" + UUID.randomUUID().toString().substring(0, 8);
        final String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String ownDirective;
        String foreignDirective;
        String ownDecision;
        String foreignDecision;

        static synchronized World get() {
            if (instance == null) {
                instance = new World();
                instance.build();
            }
            return instance;
        }

        private void build() {
            ownDirective = Api.create(TestTokens.patient(own), ALICE_CONSENT);
            foreignDirective = Api.create(TestTokens.patient(foreign), ALICE_CONSENT);
            ownDecision = askedByTheService(own);
            foreignDecision = askedByTheService(foreign);
            Api.delegateOf(own, "manage-" + own);
            Api.delegateOf(own, "read-" + own, "READ_CONSENT_HISTORY");
            Api.delegateOf(own, "disclosures-" + own, "READ_DISCLOSURES");
            Instant soon = Instant.now().plusMillis(1_500);
            given().auth().oauth2(TestTokens.patient(own)).contentType(ContentType.JSON).body("""
                            {"delegateSubject": "user-expired-%s", "kind": "GUARDIAN",
                             "scopes": ["MANAGE_CONSENT", "READ_CONSENT_HISTORY"], "validUntil": "%s"}
                            """.formatted(own, soon))
                    .post("/api/v1/delegations").then().statusCode(201);
            String revokedId = given().auth().oauth2(TestTokens.patient(own)).contentType(ContentType.JSON).body("""
                            {"delegateSubject": "user-revoked-%s", "kind": "OTHER",
                             "scopes": ["MANAGE_CONSENT", "READ_CONSENT_HISTORY", "READ_DISCLOSURES"]}
                            """.formatted(own))
                    .post("/api/v1/delegations").then().statusCode(201).extract().path("id");
            given().auth().oauth2(TestTokens.patient(own)).post("/api/v1/delegations/{id}/revoke", revokedId)
                    .then().statusCode(200);
            Api.relate("CARE", "PATIENT", own, provider);
            Api.relate("BUSINESS", "PATIENT", own, org);
            try {
                Thread.sleep(Math.max(0, soon.toEpochMilli() - System.currentTimeMillis() + 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private String askedByTheService(String patientId) {
            return given().auth().oauth2(token("service")).contentType(ContentType.JSON)
                    .body(decision(patient(patientId), ACME, "\"BILLING_CODES\"", "HPAYMT", null))
                    .post("/api/v1/decisions").then().statusCode(200).extract().path("decisionId");
        }

        String token(String who) {
            return switch (who) {
                case "patient" -> TestTokens.patient(own);
                case "delegate-manage" -> TestTokens.delegate("manage-" + own, own);
                case "delegate-read" -> TestTokens.delegate("read-" + own, own);
                case "delegate-disclosures" -> TestTokens.delegate("disclosures-" + own, own);
                case "delegate-expired" -> TestTokens.delegate("expired-" + own, own);
                case "delegate-revoked" -> TestTokens.delegate("revoked-" + own, own);
                case "delegate-no-record" -> TestTokens.delegate("nobody-" + own, own);
                case "therapist" -> TestTokens.therapist(provider, "prac-" + provider);
                case "discloser" -> TestTokens.discloser("billing-" + org, org);
                case "regulator" -> TestTokens.regulator("rita");
                case "admin" -> TestTokens.admin("adam");
                case "service" -> TestTokens.user("candor-internal", "service").sign();
                case "none" -> null;
                default -> throw new IllegalArgumentException(who);
            };
        }
    }
}
