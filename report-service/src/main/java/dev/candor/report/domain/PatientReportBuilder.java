package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.report.client.ConsentClient;
import dev.candor.report.client.LedgerClient;
import dev.candor.report.persistence.IssuedReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a patient's report from what consent-service and the ledger show the caller. Both are called with the
 * caller's token, so the report can never contain more than the caller could read directly.
 */
@ApplicationScoped
public class PatientReportBuilder {

    static final int PAGE = 1000;
    /** A thin report holds at most this many disclosures; the full report (issue 5) streams. */
    static final int MAX_DISCLOSURES = 10_000;

    @Inject
    @RestClient
    ConsentClient consent;

    @Inject
    @RestClient
    LedgerClient ledger;

    @Inject
    IssuedReports issued;

    /**
     * @param complete false when the patient has more than {@link #MAX_DISCLOSURES} disclosures: the report then
     *                 holds the oldest ones and says so, rather than pretending to be whole
     */
    public record PatientReport(UUID id, String patientId, Instant generatedAt, List<JsonNode> consents,
                                List<JsonNode> disclosures, boolean complete) {
    }

    public PatientReport build(Caller caller, String patientId) {
        if (!caller.actsForPatient(patientId) && !caller.hasRole(Caller.REGULATOR)) {
            throw ProblemException.forbidden("the caller may not read this patient's report");
        }
        List<JsonNode> consents = new ArrayList<>();
        Upstreams.call("consent-service", () -> consent.directivesOf(patientId)).forEach(consents::add);

        List<JsonNode> disclosures = new ArrayList<>();
        long after = -1; // leaf indexes start at 0
        boolean complete = false;
        while (disclosures.size() < MAX_DISCLOSURES) {
            long from = after;
            JsonNode page = Upstreams.call("disclosure-ledger", () -> ledger.disclosuresAbout(patientId, from, PAGE));
            page.path("items").forEach(disclosures::add);
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                complete = true;
                break;
            }
            after = page.path("next").asLong();
        }
        PatientReport report = new PatientReport(UUID.randomUUID(), patientId, Instant.now(), consents, disclosures,
                complete);
        issued.record(report.id(), "PATIENT", patientId, caller, report.generatedAt(), disclosures.size(),
                consents.size());
        return report;
    }
}
