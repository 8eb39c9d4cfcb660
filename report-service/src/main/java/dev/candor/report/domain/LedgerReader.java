package dev.candor.report.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.report.client.LedgerClient;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Reads the ledger for a report: first the latest signed checkpoint, then every entry inside its tree size with its
 * inclusion proof against it. Entries recorded after that checkpoint are left out — the report is cut at the
 * checkpoint's size, so every entry it lists is provable against the checkpoint it cites.
 */
@ApplicationScoped
public class LedgerReader {

    static final int PAGE = 1000;

    /** Parses the ledger's pages (plain Jackson: no module is needed for trees). */
    private static final ObjectMapper PAGES = new ObjectMapper();

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
     * Feeds every entry about the subject of that type and id (or every entry with {@code flag}) in the period and
     * inside the
     * checkpoint to {@code sink}, oldest first, at most {@code max}; one page of the ledger in memory at a time.
     *
     * @return true if every entry was read, false if {@code max} cut the list
     */
    public boolean entries(String subjectType, String subject, String flag, ReportPeriod period, long treeSize,
                           long max, Consumer<JsonNode> sink) {
        Cursor cursor = cursor(subjectType, subject, flag, period, treeSize);
        for (long read = 0; cursor.hasNext(); read++) {
            if (read == max) {
                return false;
            }
            sink.accept(cursor.next());
        }
        return true;
    }

    /** The same entries as {@link #entries}, pulled one at a time (keyset pagination, a page fetched when needed). */
    public Cursor cursor(String subjectType, String subject, String flag, ReportPeriod period, long treeSize) {
        return new Cursor(subjectType, subject, flag, period, treeSize);
    }

    /**
     * Walks the ledger's list in leaf order. As soon as a page is in, the next one is asked for, so the ledger builds
     * page n+1 (query, proofs, JSON) while this service works through page n: on two cores the two run side by side
     * instead of taking turns. A page arrives as bytes and its items are parsed one at a time as they are used, so
     * what is held is at most two pages' bytes (this one and the one asked for) and one item as a tree — a whole page
     * as a tree was ~10 times its bytes, and the garbage collector's copying of it was most of a report's time.
     */
    public final class Cursor implements Iterator<JsonNode> {
        private final String subjectType;
        private final String subject;
        private final String flag;
        private final ReportPeriod period;
        private final long treeSize;
        private boolean started;
        private CompletionStage<byte[]> nextPage;
        private Iterator<JsonNode> items = Collections.emptyIterator();

        private Cursor(String subjectType, String subject, String flag, ReportPeriod period, long treeSize) {
            this.subjectType = subjectType;
            this.subject = subject;
            this.flag = flag;
            this.period = period;
            this.treeSize = treeSize;
        }

        @Override
        public boolean hasNext() {
            if (!started) {
                started = true;
                nextPage = request(-1); // leaf indexes start at 0
            }
            while (!items.hasNext() && nextPage != null) {
                byte[] page = Upstreams.await("disclosure-ledger", nextPage);
                nextPage = null;
                items = open(page);
            }
            return items.hasNext();
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return items.next();
        }

        private CompletionStage<byte[]> request(long after) {
            return Upstreams.call("disclosure-ledger", () -> ledger.disclosures(subjectType, subject, flag,
                    period.from().toString(), period.to().toString(), treeSize, after, PAGE));
        }

        /**
         * Reads a page {@code {"next": n|null, "items": [...]}}: asks for the next page as soon as {@code next} is
         * read, and returns the items, parsed as they are taken. (The ledger writes {@code next} first; if it came
         * last, this page's items are read whole before the next page is asked for.)
         */
        private Iterator<JsonNode> open(byte[] page) {
            try {
                JsonParser parser = PAGES.createParser(page);
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw malformed();
                }
                boolean nextSeen = false;
                List<JsonNode> itemsRead = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("next".equals(name)) {
                        nextSeen = true;
                        if (value.isNumeric()) {
                            nextPage = request(parser.getLongValue());
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw malformed();
                        }
                    } else if ("items".equals(name)) {
                        if (value != JsonToken.START_ARRAY) {
                            throw malformed();
                        }
                        if (nextSeen) {
                            return new Items(parser);
                        }
                        itemsRead = new ArrayList<>();
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            itemsRead.add(parser.readValueAsTree());
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                if (!nextSeen || itemsRead == null) {
                    throw malformed();
                }
                return itemsRead.iterator();
            } catch (IOException e) {
                throw malformed();
            }
        }
    }

    /** The rest of a page's {@code items} array, one item parsed per {@link #next()}. */
    private static final class Items implements Iterator<JsonNode> {
        private final JsonParser parser;
        private JsonNode head;
        private boolean done;

        Items(JsonParser parser) {
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            if (head == null && !done) {
                try {
                    JsonToken token = parser.nextToken();
                    if (token == JsonToken.START_OBJECT) {
                        head = parser.readValueAsTree();
                    } else if (token == JsonToken.END_ARRAY) {
                        done = true;
                        parser.close();
                    } else {
                        throw malformed();
                    }
                } catch (IOException e) {
                    throw malformed();
                }
            }
            return head != null;
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JsonNode item = head;
            head = null;
            return item;
        }
    }

    private static ProblemException malformed() {
        return new ProblemException(ProblemType.BAD_GATEWAY, "the ledger's page of disclosures is malformed");
    }

    /** Platform-wide counts over the period inside the tree size, aggregated by the ledger. */
    public JsonNode stats(ReportPeriod period, long treeSize) {
        return Upstreams.call("disclosure-ledger", () -> ledger.stats(period.from().toString(),
                period.to().toString(), treeSize));
    }
}
