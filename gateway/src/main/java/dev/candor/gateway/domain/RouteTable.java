package dev.candor.gateway.domain;

import dev.candor.common.security.Caller;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.candor.common.security.Caller.ADMIN;
import static dev.candor.common.security.Caller.DELEGATE;
import static dev.candor.common.security.Caller.DISCLOSER;
import static dev.candor.common.security.Caller.PATIENT;
import static dev.candor.common.security.Caller.REGULATOR;
import static dev.candor.common.security.Caller.THERAPIST;

/** The public API: which path prefix goes to which service, and who may call it at all. */
public final class RouteTable {

    public static final List<Route> ROUTES = List.of(
            new Route("/api/v1/consents", "consent", Set.of(PATIENT, DELEGATE, REGULATOR, ADMIN),
                    null, Set.of("patient")),
            new Route("/api/v1/decisions", "consent", Set.of(PATIENT, DELEGATE, THERAPIST, DISCLOSER, REGULATOR, ADMIN),
                    null, Set.of()),
            new Route("/api/v1/policy-profiles", "consent", Set.of(PATIENT, DELEGATE, THERAPIST, DISCLOSER, REGULATOR,
                    ADMIN), null, Set.of()),
            new Route("/api/v1/disclosures", "ledger", Set.of(PATIENT, DELEGATE, THERAPIST, DISCLOSER, REGULATOR, ADMIN),
                    null, Set.of()),
            new Route("/api/v1/log", "ledger", Set.of(PATIENT, DELEGATE, THERAPIST, DISCLOSER, REGULATOR, ADMIN),
                    null, Set.of()),
            new Route("/api/v1/admin/log", "ledger", Set.of(REGULATOR, ADMIN), null, Set.of()),
            new Route("/api/v1/admin/disclosures", "ledger", Set.of(ADMIN), null, Set.of()),
            new Route("/api/v1/reports", "report", Set.of(PATIENT, DELEGATE, REGULATOR),
                    Pattern.compile("/api/v1/reports/patients/([^/]+)(?:/.*)?"), Set.of()));

    private RouteTable() {
    }

    public static Optional<Route> find(String path) {
        return ROUTES.stream().filter(r -> r.matches(path)).findFirst();
    }

    /**
     * Ownership at the edge: a patient or delegate may only name patients they act for. Other roles that passed
     * the route's role check are left to the service, which knows their relations.
     */
    public static boolean mayName(Caller caller, String patientId) {
        if (patientId == null || caller.hasAnyRole(REGULATOR, ADMIN, THERAPIST, DISCLOSER)) {
            return true;
        }
        return caller.actsForPatient(patientId);
    }
}
