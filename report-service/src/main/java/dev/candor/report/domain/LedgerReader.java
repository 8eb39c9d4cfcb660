package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.report.client.LedgerClient;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.function.Consumer;

/**
 * Reads the ledger for a report: first the latest signed checkpoint, then every entry inside its tree size with its
 * inclusion proof against it. Entries recorded after that checkpoint are left out — the report is cut at the
 * checkpoint's size, so every entry it lists is provable against the checkpoint it cites.
 */
@ApplicationScoped
public class LedgerReader {

    static final int PAGE = 1000;

    @Inject
    @RestClient
    LedgerClient ledger;

    /** The latest signed checkpoint as the ledger signed it, and what it says. */
    public record CitedCheckpoint(String note, Checkpoint checkpoint) {
    }

    public CitedCheckpoint checkpoint() {
        String note;
        try {
            note = ledger.checkpoint();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new ProblemException(ProblemType.UNAVAILABLE, "the ledger has signed no checkpoint yet");
            }
            throw e;
        }
        int end = note.indexOf("\n\n");
        try {
            return new CitedCheckpoint(note, Checkpoint.parse(note.substring(0, end + 1)));
        } catch (NoteException | RuntimeException e) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "the ledger's checkpoint is malformed");
        }
    }

    /**
     * Feeds every entry about {@code subject} (or every entry with {@code flag}) in the period and inside the
     * checkpoint to {@code sink}, oldest first, at most {@code max}.
     *
     * @return true if every entry was read, false if {@code max} cut the list
     */
    public boolean entries(String subject, String flag, ReportPeriod period, long treeSize, int max,
                           Consumer<JsonNode> sink) {
        long after = -1; // leaf indexes start at 0
        int read = 0;
        while (true) {
            long from = after;
            JsonNode page = Upstreams.call("disclosure-ledger", () -> ledger.disclosures(subject, flag,
                    period.from().toString(), period.to().toString(), treeSize, from, PAGE));
            for (JsonNode item : page.path("items")) {
                if (read == max) {
                    return false;
                }
                sink.accept(item);
                read++;
            }
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return true;
            }
            after = page.path("next").asLong();
        }
    }

    /** Platform-wide counts over the period inside the tree size, aggregated by the ledger. */
    public JsonNode stats(ReportPeriod period, long treeSize) {
        return Upstreams.call("disclosure-ledger", () -> ledger.stats(period.from().toString(),
                period.to().toString(), treeSize));
    }
}
