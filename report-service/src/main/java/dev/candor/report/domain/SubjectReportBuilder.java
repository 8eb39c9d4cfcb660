package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.security.DelegationRecords;
import dev.candor.report.client.ConsentClient;
import dev.candor.report.config.ReportConfig;
import dev.candor.report.persistence.IssuedReports;
import dev.candor.verifier.report.ReportWording;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A patient's or a provider's transparency report, from what consent-service and the ledger show the caller (both
 * are called with the caller's token, so a report never holds more than the caller could read directly).
 * <p>
 * Patient: every disclosure about them in the period (named, in a cohort, TPO, denied, flagged), grouped by
 * recipient and purpose with 164.528(b)(3) summaries, and the consent history with which version covered — or
 * failed to cover — each disclosure. Provider: disclosures about their practice and their patients, grouped by
 * recipient, purpose and month. Both cite the ledger's latest signed checkpoint and carry each entry's proof.
 */
@ApplicationScoped
public class SubjectReportBuilder {

    public enum Kind { PATIENT, PROVIDER }

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LedgerReader ledger;

    @Inject
    @RestClient
    ConsentClient consent;

    @Inject
    IssuedReports issued;

    @Inject
    ReportConfig config;

    @Inject
    OversightRecorder oversight;

    @Inject
    DelegationRecords delegations;

    /**
     * Builds the report with its entries spooled to disk (see {@link SpooledReport}); the caller writes it out and
     * closes it. Only what is small stays in memory: the groups, highlights and consent coverage (leaf indexes).
     */
    public SpooledReport build(Caller caller, Kind kind, String subjectId, ReportPeriod period) {
        boolean regulator = caller.hasRole(Caller.REGULATOR);
        boolean own = kind == Kind.PATIENT ? delegations.mayRead(caller, subjectId)
                : caller.hasRole(Caller.THERAPIST) && subjectId.equals(caller.providerId());
        if (!own && !regulator) {
            // exactly the answer for an unknown subject: a refusal must not tell whether the subject exists
            throw ProblemException.notFound("subject " + subjectId);
        }
        LedgerReader.CitedCheckpoint cited = ledger.checkpoint();
        long treeSize = cited.checkpoint().size();
        ObjectNode report = ReportHeader.start(kind.name(), caller, period, cited);
        report.putObject("subject").put("type", kind.name()).put("id", subjectId);

        String owner = kind == Kind.PATIENT ? "your " : "";
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        Highlights highlights = new Highlights();
        Map<String, List<Long>> covered = new HashMap<>();
        Map<String, List<Long>> failed = new HashMap<>();
        Set<String> categories = new TreeSet<>();
        SpooledReport spooled = ReportHeader.spool(report, config);
        try {
            // By type as well as id: a patient and a provider may share an id, and a report about one (and the
            // oversight record of a regulator's pull of it) must not be the other's history.
            boolean complete = ledger.entries(kind.name(), subjectId, null, period, treeSize, config.maxEntries(),
                    item -> {
                ObjectNode entry = EntryPresenter.present(item, kind.name() + ":" + subjectId, owner);
                spooled.add(entry);
                highlights.add(entry);
                coverage(entry, covered, failed);
                entry.path("categories").forEach(c -> categories.add(c.asText()));
                if (!entry.path("erased").asBoolean()) {
                    group(groups, entry, kind == Kind.PROVIDER);
                }
            });
            spooled.seal();
            long count = spooled.entryCount();
            ArrayNode history = JSON.createArrayNode();
            boolean historyWithheld = false;
            if (kind == Kind.PATIENT) {
                try {
                    history = consentHistory(subjectId, covered, failed);
                } catch (ProblemException e) {
                    // A delegate may hold READ_DISCLOSURES without READ_CONSENT_HISTORY: the report is theirs to
                    // read, the consent history is not, and consent-service (which keeps the scopes) said so.
                    if (e.type() != ProblemType.FORBIDDEN || caller.hasRole(Caller.REGULATOR)
                            || (caller.hasRole(Caller.PATIENT) && subjectId.equals(caller.patientId()))) {
                        throw e;
                    }
                    historyWithheld = true;
                }
            }
            if (regulator && !own && count == 0 && history.isEmpty()) {
                throw ProblemException.notFound("subject " + subjectId);
            }
            report.put("entryCount", count);
            report.put("complete", complete);
            ArrayNode groupArray = report.putArray("groups");
            groups.values().forEach(g -> {
                long n = g.path("count").asLong();
                if (n > 1) {
                    g.put("summary", ReportWording.repeated(n, g.path("recipientName").asText(),
                            g.path("purpose").asText(), g.path("firstOccurredAt").asText(),
                            g.path("lastOccurredAt").asText()));
                }
                groupArray.add(g);
            });
            report.set("highlights", highlights.toJson());
            if (kind == Kind.PATIENT) {
                report.set("consentHistory", history);
                if (historyWithheld) {
                    report.put("consentHistoryWithheld",
                            "the delegation under which this report was asked for does not include the consent history");
                }
            }
            report.set("summary", summary(kind, count, groups.size(), highlights, period, complete));
            if (regulator && !own) {
                report.put("oversightRecord", oversight.record(caller, kind.name(), report, categories));
            }
            issued.record(UUID.fromString(report.path("id").asText()), kind.name(), subjectId, caller,
                    Instant.parse(report.path("generatedAt").asText()), (int) Math.min(count, Integer.MAX_VALUE),
                    history.size());
            return spooled;
        } catch (RuntimeException e) {
            spooled.close();
            throw e;
        }
    }

    /** The consent version a decision cites covered the entry (PERMIT) or failed to cover it (DENY). */
    private static void coverage(JsonNode entry, Map<String, List<Long>> covered, Map<String, List<Long>> failed) {
        JsonNode d = entry.path("decision");
        if (d.path("consentId").isTextual()) {
            String key = d.get("consentId").asText() + "@" + d.path("consentVersion").asText();
            (("PERMIT".equals(d.path("outcome").asText())) ? covered : failed)
                    .computeIfAbsent(key, k -> new ArrayList<>()).add(entry.path("leafIndex").asLong());
        }
    }

    private static void group(Map<String, ObjectNode> groups, ObjectNode entry, boolean byMonth) {
        String key = entry.path("recipient").path("id").asText() + "|" + entry.path("purpose").asText()
                + (byMonth ? "|" + entry.path("month").asText() : "");
        ObjectNode g = groups.computeIfAbsent(key, k -> {
            ObjectNode n = JSON.createObjectNode();
            n.put("recipientId", entry.path("recipient").path("id").asText());
            n.put("recipientName", entry.path("recipient").path("name").asText());
            n.put("recipientType", entry.path("recipient").path("type").asText());
            n.put("purpose", entry.path("purpose").asText());
            if (byMonth) {
                n.put("month", entry.path("month").asText());
            }
            n.put("count", 0);
            n.put("first", entry.path("leafIndex").asLong());
            n.put("firstOccurredAt", entry.path("occurredAt").asText());
            n.put("lastOccurredAt", entry.path("occurredAt").asText());
            n.putArray("leafIndexes");
            return n;
        });
        g.put("count", g.path("count").asLong() + 1);
        String at = entry.path("occurredAt").asText();
        if (at.compareTo(g.path("firstOccurredAt").asText()) < 0) {
            g.put("first", entry.path("leafIndex").asLong());
            g.put("firstOccurredAt", at);
        }
        if (at.compareTo(g.path("lastOccurredAt").asText()) > 0) {
            g.put("lastOccurredAt", at);
        }
        ((ArrayNode) g.get("leafIndexes")).add(entry.path("leafIndex").asLong());
    }

    /** Every version of every directive, each with the entries it covered and those it failed to cover. */
    private ArrayNode consentHistory(String patientId, Map<String, List<Long>> covered,
                                     Map<String, List<Long>> failed) {
        ArrayNode history = JSON.createArrayNode();
        JsonNode directives = Upstreams.call("consent-service", () -> consent.directivesOf(patientId));
        for (JsonNode directive : directives) {
            String id = directive.path("id").asText();
            ObjectNode d = history.addObject();
            d.put("id", id);
            d.put("kind", directive.path("kind").asText());
            ArrayNode versions = d.putArray("versions");
            for (JsonNode v : Upstreams.call("consent-service", () -> consent.versions(id))) {
                ObjectNode version = versions.addObject();
                String key = id + "@" + v.path("version").asText();
                version.put("version", v.path("version").asInt());
                version.put("status", v.path("status").asText());
                version.put("recordedAt", v.path("recordedAt").asText());
                version.set("expiresAt", v.path("expiresAt").isTextual() ? v.get("expiresAt") : null);
                version.set("provisions", v.path("provisions").deepCopy());
                ArrayNode c = version.putArray("covered");
                covered.getOrDefault(key, List.of()).forEach(c::add);
                ArrayNode f = version.putArray("failedToCover");
                failed.getOrDefault(key, List.of()).forEach(f::add);
            }
        }
        return history;
    }

    private static ArrayNode summary(Kind kind, long entries, int groups, Highlights h, ReportPeriod period,
                                     boolean complete) {
        ArrayNode lines = JSON.createArrayNode();
        lines.add(ReportWording.summaryFirst(kind.name(), entries, period.from(), period.to(), groups));
        ReportWording.summaryHighlights(kind.name(), h.unauthorized.size(), h.tpo.size(), h.aggregate.size(),
                h.undecided.size(), h.breakGlass.size(), complete).forEach(lines::add);
        return lines;
    }

    /** The entries a reader must not miss, by leaf index. */
    static final class Highlights {
        final Set<Long> tpo = new TreeSet<>();
        final Set<Long> aggregate = new TreeSet<>();
        final Set<Long> unauthorized = new TreeSet<>();
        final Set<Long> undecided = new TreeSet<>();
        final Set<Long> breakGlass = new TreeSet<>();

        void add(JsonNode entry) {
            long index = entry.path("leafIndex").asLong();
            if (entry.path("tpo").asBoolean()) {
                tpo.add(index);
            }
            if (entry.path("aggregate").asBoolean()) {
                aggregate.add(index);
            }
            JsonNode flags = entry.path("flags");
            if (ReportWording.contains(flags, "UNAUTHORIZED")) {
                unauthorized.add(index);
            }
            if (ReportWording.contains(flags, "UNDECIDED")) {
                undecided.add(index);
            }
            if (ReportWording.contains(flags, "BREAK_GLASS")) {
                breakGlass.add(index);
            }
        }

        ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.set("tpo", JSON.valueToTree(tpo));
            n.set("aggregate", JSON.valueToTree(aggregate));
            n.set("unauthorized", JSON.valueToTree(unauthorized));
            n.set("undecided", JSON.valueToTree(undecided));
            n.set("breakGlass", JSON.valueToTree(breakGlass));
            return n;
        }
    }

}
