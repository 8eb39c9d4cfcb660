package dev.candor.report.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.security.Caller;
import dev.candor.report.config.ReportConfig;
import dev.candor.verifier.report.ReportVerifier;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeSet;
import java.util.UUID;

/** What every report starts with: format, kind, id, period, who asked, and the checkpoint it cites. */
final class ReportHeader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportHeader() {
    }

    static ObjectNode start(String kind, Caller caller, ReportPeriod period, LedgerReader.CitedCheckpoint cited) {
        ObjectNode report = JSON.createObjectNode();
        report.put("format", ReportVerifier.FORMAT);
        report.put("kind", kind);
        report.put("id", UUID.randomUUID().toString());
        report.put("generatedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        report.putObject("period").put("from", period.from().toString()).put("to", period.to().toString());
        ObjectNode by = report.putObject("requestedBy");
        by.put("name", caller.name());
        by.set("roles", JSON.valueToTree(new TreeSet<>(caller.roles())));
        ObjectNode log = report.putObject("log");
        log.put("origin", cited.checkpoint().origin());
        log.put("treeSize", cited.checkpoint().size());
        log.put("rootHash", cited.checkpoint().rootHashBase64());
        log.put("checkpoint", cited.note());
        log.put("cut", "This report lists the entries inside the cited checkpoint's tree; disclosures recorded after"
                + " it appear in a later report.");
        return report;
    }

    /** An empty spool for a report with these members; entries go to a file in the configured spool directory. */
    static SpooledReport spool(ObjectNode fields, ReportConfig config) {
        return new SpooledReport(fields, Path.of(config.spoolDir().orElse(System.getProperty("java.io.tmpdir"))));
    }
}
