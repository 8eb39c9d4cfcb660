package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.security.Caller;
import dev.candor.report.config.ReportConfig;
import dev.candor.report.persistence.IssuedReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

    /** Builds the report with its flagged entries spooled to disk; the caller writes it out and closes it. */
    public SpooledReport build(Caller caller, ReportPeriod period) {
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
        SpooledReport spooled = ReportHeader.spool(report, config);
        try {
            // one cursor per flag, each in leaf order, merged: an entry with two flags (UNAUTHORIZED and
            // BREAK_GLASS) is listed once; one page per flag in memory, never the whole list
            List<PeekingCursor> cursors = new ArrayList<>();
            for (String flag : LISTED_FLAGS) {
                cursors.add(new PeekingCursor(ledger.cursor(null, null, flag, period, treeSize)));
            }
            boolean complete = true;
            while (true) {
                long next = Long.MAX_VALUE;
                for (PeekingCursor c : cursors) {
                    next = Math.min(next, c.headIndex());
                }
                if (next == Long.MAX_VALUE) {
                    break;
                }
                if (spooled.entryCount() == config.maxEntries()) {
                    complete = false;
                    break;
                }
                JsonNode item = null;
                for (PeekingCursor c : cursors) {
                    if (c.headIndex() == next) {
                        item = c.take();
                    }
                }
                spooled.add(EntryPresenter.present(item, null, ""));
            }
            spooled.seal();
            report.put("entryCount", spooled.entryCount());
            report.put("complete", complete);
            issued.record(UUID.fromString(report.path("id").asText()), "PLATFORM", "*", caller,
                    Instant.parse(report.path("generatedAt").asText()),
                    (int) Math.min(spooled.entryCount(), Integer.MAX_VALUE), 0);
            return spooled;
        } catch (RuntimeException e) {
            spooled.close();
            throw e;
        }
    }

    /** A cursor whose next entry can be looked at before it is taken. */
    private static final class PeekingCursor {
        private final Iterator<JsonNode> cursor;
        private JsonNode head;

        PeekingCursor(Iterator<JsonNode> cursor) {
            this.cursor = cursor;
        }

        /** The next entry's leaf index, or {@link Long#MAX_VALUE} at the end. */
        long headIndex() {
            if (head == null && cursor.hasNext()) {
                head = cursor.next();
            }
            return head == null ? Long.MAX_VALUE : head.path("leafIndex").asLong();
        }

        JsonNode take() {
            JsonNode taken = head;
            head = null;
            return taken;
        }
    }
}
