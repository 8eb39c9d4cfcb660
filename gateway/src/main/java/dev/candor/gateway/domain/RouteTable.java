package dev.candor.gateway.domain;

import dev.candor.common.security.Caller;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.candor.common.security.Caller.ADMIN;
import static dev.candor.common.security.Caller.DELEGATE;
import static dev.candor.common.security.Caller.DISCLOSER;
import static dev.candor.common.security.Caller.PATIENT;
import static dev.candor.common.security.Caller.REGULATOR;
import static dev.candor.common.security.Caller.THERAPIST;

/**
 * The public API: which path prefix goes to which service, and who may call it at all. One line per route; the
 * longest matching prefix wins, so order does not matter. Every route here must also have rows in the end-to-end
 * authorization table ({@code local-stack/src/test/resources/authorization/matrix.csv}).
 */
public final class RouteTable {

    private static final String[] EVERY_ROLE = {PATIENT, DELEGATE, THERAPIST, DISCLOSER, REGULATOR, ADMIN};

    public static final List<Route> ROUTES = List.of(
            Route.to("consent", "/api/v1/consents", PATIENT, DELEGATE, REGULATOR, ADMIN).withPatientInQuery("patient"),
            Route.to("consent", "/api/v1/consents/status", EVERY_ROLE).withPatientInQuery("patient"),
            Route.to("consent", "/api/v1/delegations", PATIENT, DELEGATE, REGULATOR, ADMIN)
                    .withPatientInQuery("patient"),
            Route.to("consent", "/api/v1/relations", EVERY_ROLE).withPatientInQuery("subject"),
            Route.to("consent", "/api/v1/fhir/Consent", PATIENT, DELEGATE, REGULATOR, ADMIN)
                    .withPatientInQuery("patient"),
            Route.to("consent", "/api/v1/cds-services", EVERY_ROLE),
            Route.to("consent", "/api/v1/decisions", EVERY_ROLE),
            // The catalog of profiles names no one; a subject's setting is that subject's data.
            Route.to("consent", "/api/v1/policy-profiles", EVERY_ROLE).publicData(),
            Route.to("consent", "/api/v1/policy-profiles/subjects", EVERY_ROLE)
                    .withPatientInPath("/api/v1/policy-profiles/subjects/([^/]+)"),
            Route.to("ledger", "/api/v1/disclosures", EVERY_ROLE).withPatientInQuery("subject"),
            Route.to("ledger", "/api/v1/log", EVERY_ROLE).publicData(),
            Route.to("ledger", "/api/v1/admin/log", REGULATOR, ADMIN),
            Route.to("ledger", "/api/v1/admin/disclosures", ADMIN),
            Route.to("report", "/api/v1/reports", PATIENT, DELEGATE, REGULATOR)
                    .withPatientInPath("/api/v1/reports/patients/([^/]+)(?:/.*)?"),
            Route.to("report", "/api/v1/reports/providers", THERAPIST, REGULATOR),
            Route.to("report", "/api/v1/reports/platform", REGULATOR, ADMIN),
            Route.to("report", "/api/v1/reports/jwks.json", EVERY_ROLE).publicData(),
            Route.to("report", "/api/v1/reports/pdf-signer.pem", EVERY_ROLE).publicData());

    /** Paths the gateway answers itself (not proxied): the access log and the merged OpenAPI document. */
    public static final String ACCESS_LOG = "/api/v1/access-log";
    public static final String OPENAPI = "/api/openapi";

    private static final List<Route> LONGEST_FIRST = ROUTES.stream()
            .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();

    private RouteTable() {
    }

    public static Optional<Route> find(String path) {
        for (Route route : LONGEST_FIRST) {
            if (route.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /**
     * Ownership at the edge: a patient or delegate may only name patients they act for. Other roles that passed
     * the route's role check are left to the service, which knows their relations.
     */
    public static boolean mayName(Caller caller, String patientId) {
        if (patientId == null || caller.hasAnyRole(REGULATOR, ADMIN, THERAPIST, DISCLOSER)) {
            return true;
        }
        return caller.claimsToActFor(patientId);
    }
}
