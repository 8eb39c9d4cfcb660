package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.report.client.OversightClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Set;

/**
 * A regulator pulling a patient's or a provider's report is itself a disclosure — to a health-oversight agency, for
 * OVERSIGHT — and is recorded in the ledger before the report is handed over. If it cannot be recorded, the report is
 * not handed over (503): a disclosure the ledger does not know about must not happen.
 */
@ApplicationScoped
public class OversightRecorder {

    private static final Logger LOG = Logger.getLogger(OversightRecorder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @RestClient
    OversightClient ledger;

    /**
     * Records the pull of {@code report} (its members other than the entries), whose entries disclose
     * {@code categories}; returns the ledger entry's id, which the report then names.
     */
    public String record(Caller regulator, String subjectType, ObjectNode report, Set<String> categories) {
        ObjectNode disclosure = JSON.createObjectNode();
        disclosure.put("occurredAt", Instant.now().toString());
        disclosure.putObject("recipient").put("id", "regulator:" + regulator.name())
                .put("name", regulator.name() + " (health oversight agency)").put("type", "GOVERNMENT")
                .put("address", "as registered for the regulator's account " + regulator.name());
        disclosure.putArray("subjects").addObject().put("type", subjectType)
                .put("id", report.path("subject").path("id").asText());
        ArrayNode cats = disclosure.putArray("categories");
        categories.forEach(cats::add);
        if (categories.isEmpty()) {
            cats.add("DEMOGRAPHICS"); // the report names the subject even when nothing was disclosed
        }
        disclosure.put("purpose", "OVERSIGHT");
        disclosure.put("description", "Candor transparency report " + report.path("id").asText() + " ("
                + report.path("entryCount").asLong() + " disclosures and the consent history, period "
                + report.path("period").path("from").asText() + " to " + report.path("period").path("to").asText()
                + ")");
        disclosure.put("purposeStatement", "Health oversight: a report requested by a regulator");
        disclosure.put("recordCount", Math.max(1, report.path("entryCount").asLong()));
        try {
            JsonNode recorded = ledger.record("report-" + report.path("id").asText(), disclosure);
            return recorded.path("id").asText();
        } catch (WebApplicationException | ProcessingException e) {
            LOG.errorf(e, "could not record the oversight disclosure of report %s", report.path("id").asText());
            throw new ProblemException(ProblemType.UNAVAILABLE, "the report could not be recorded in the ledger as"
                    + " a disclosure for oversight, so it is not handed over; try again");
        }
    }
}
