package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.security.Caller;
import dev.candor.report.config.ReportConfig;
import dev.candor.report.persistence.IssuedReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The regulator's platform-wide report: counts by recipient, recipient type, purpose, category and legal basis over
 * a period (aggregated by the ledger in SQL — a million entries are never shipped), and every UNAUTHORIZED,
 * UNDECIDED and break-glass entry listed in full with its proof, all inside one signed checkpoint.
 */
@ApplicationScoped
public class PlatformReportBuilder {

    static final List<String> LISTED_FLAGS = List.of("UNAUTHORIZED", "UNDECIDED", "BREAK_GLASS");

    @Inject
    LedgerReader ledger;

    @Inject
    IssuedReports issued;

    @Inject
    ReportConfig config;

    public ObjectNode build(Caller caller, ReportPeriod period) {
        LedgerReader.CitedCheckpoint cited = ledger.checkpoint();
        long treeSize = cited.checkpoint().size();
        ObjectNode report = ReportHeader.start("PLATFORM", caller, period, cited);
        JsonNode stats = ledger.stats(period, treeSize);
        ObjectNode counts = report.putObject("counts");
        counts.put("entries", stats.path("entries").asLong());
        counts.put("unauthorized", stats.path("unauthorized").asLong());
        counts.put("undecided", stats.path("undecided").asLong());
        counts.put("breakGlass", stats.path("breakGlass").asLong());
        for (String by : List.of("byRecipient", "byRecipientType", "byPurpose", "byCategory", "byLegalBasis")) {
            counts.set(by, stats.path(by).deepCopy());
        }
        // an entry can carry two flags (UNAUTHORIZED and BREAK_GLASS): listed once, in leaf order
        TreeMap<Long, ObjectNode> flagged = new TreeMap<>();
        boolean complete = true;
        for (String flag : LISTED_FLAGS) {
            complete &= ledger.entries(null, flag, period, treeSize, config.maxEntries(), item ->
                    flagged.putIfAbsent(item.path("leafIndex").asLong(), EntryPresenter.present(item, null, "")));
        }
        ArrayNode entries = report.putArray("entries");
        flagged.values().forEach(entries::add);
        report.put("entryCount", entries.size());
        report.put("complete", complete);
        issued.record(UUID.fromString(report.path("id").asText()), "PLATFORM", "*", caller,
                Instant.parse(report.path("generatedAt").asText()), entries.size(), 0);
        return report;
    }
}
