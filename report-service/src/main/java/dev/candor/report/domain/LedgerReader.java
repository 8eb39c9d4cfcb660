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

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
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
     * checkpoint to {@code sink}, oldest first, at most {@code max}; one page of the ledger in memory at a time.
     *
     * @return true if every entry was read, false if {@code max} cut the list
     */
    public boolean entries(String subject, String flag, ReportPeriod period, long treeSize, long max,
                           Consumer<JsonNode> sink) {
        Cursor cursor = cursor(subject, flag, period, treeSize);
        for (long read = 0; cursor.hasNext(); read++) {
            if (read == max) {
                return false;
            }
            sink.accept(cursor.next());
        }
        return true;
    }

    /** The same entries as {@link #entries}, pulled one at a time (keyset pagination, a page fetched when needed). */
    public Cursor cursor(String subject, String flag, ReportPeriod period, long treeSize) {
        return new Cursor(subject, flag, period, treeSize);
    }

    /** Walks the ledger's list in leaf order, asking for the next page only when the current one is used up. */
    public final class Cursor implements Iterator<JsonNode> {
        private final String subject;
        private final String flag;
        private final ReportPeriod period;
        private final long treeSize;
        private Iterator<JsonNode> page = Collections.emptyIterator();
        private long after = -1; // leaf indexes start at 0
        private boolean more = true;

        private Cursor(String subject, String flag, ReportPeriod period, long treeSize) {
            this.subject = subject;
            this.flag = flag;
            this.period = period;
            this.treeSize = treeSize;
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && more) {
                long from = after;
                JsonNode next = Upstreams.call("disclosure-ledger", () -> ledger.disclosures(subject, flag,
                        period.from().toString(), period.to().toString(), treeSize, from, PAGE));
                page = next.path("items").elements();
                more = !(next.path("next").isNull() || next.path("next").isMissingNode());
                after = next.path("next").asLong();
            }
            return page.hasNext();
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }

    /** Platform-wide counts over the period inside the tree size, aggregated by the ledger. */
    public JsonNode stats(ReportPeriod period, long treeSize) {
        return Upstreams.call("disclosure-ledger", () -> ledger.stats(period.from().toString(),
                period.to().toString(), treeSize));
    }
}
