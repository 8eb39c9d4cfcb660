package dev.candor.ledger.persistence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.persistence.CopyRows;
import dev.candor.common.persistence.GroupCommit;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.EntryDraft;
import dev.candor.ledger.domain.Flag;
import dev.candor.ledger.domain.LeafCodec;
import dev.candor.ledger.domain.SequencedEntry;
import dev.candor.ledger.domain.SubjectKey;
import dev.candor.ledger.domain.SubjectRole;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Makes appends durable and gives them gap-free leaf indexes, with group commit ({@link GroupCommit}): whatever
 * appends are waiting (up to a batch limit) are committed in one transaction. Indexes come from the locked
 * counter row inside that transaction, so concurrent writers on other replicas queue behind it and a rollback
 * returns its indexes — no gaps, no duplicates. An append's future completes only after the commit.
 */
@ApplicationScoped
public class Sequencer {

    /** One caller's appends (a single entry, or a batch committed all or nothing) and, once committed, its result. */
    private static final class Pending {
        final List<EntryDraft> drafts;
        List<SequencedEntry> entries;
        IdempotencyConflict conflict;
        /** The same request (same key, same body) queued earlier in this commit — a retry racing its original. */
        Pending twinOf;

        Pending(List<EntryDraft> drafts) {
            this.drafts = drafts;
        }

        List<EntryDraft> drafts() {
            return drafts;
        }
    }

    /** Appends recorded with a flag (UNAUTHORIZED, UNDECIDED, BREAK_GLASS, ...), by flag. */
    public static final String FLAGGED = "candor_ledger_flagged_appends_total";

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "candor.ledger.sequencer.max-batch", defaultValue = "2000")
    int maxBatch;

    private GroupCommit<Pending, Pending> writer;
    private Counter appended;
    private DistributionSummary batchSizes;

    void start(@Observes StartupEvent event) {
        appended = registry.counter("candor_ledger_appends_total");
        batchSizes = registry.summary("candor_ledger_commit_batch_entries");
        writer = new GroupCommit<>("ledger-sequencer", maxBatch, p -> p.drafts().size(), this::commit);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        writer.stop();
    }

    /** Appends the drafts atomically; completes with their sequenced form (or the original one, for a retry). */
    public CompletableFuture<List<SequencedEntry>> append(List<EntryDraft> drafts) {
        return writer.submit(new Pending(List.copyOf(drafts))).thenCompose(p -> p.conflict != null
                ? CompletableFuture.failedFuture(p.conflict) : CompletableFuture.completedFuture(p.entries));
    }

    private List<Pending> commit(List<Pending> batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return commitOnce(batch);
            } catch (SQLException e) {
                // Another replica committed one of these Idempotency-Keys after this commit looked them up (the
                // unique key waited for it): looked up again, the retry gets the original result, not an error.
                if (attempt < 3 && isIdempotencyKeyTaken(e)) {
                    continue;
                }
                throw e;
            }
        }
    }

    static boolean isIdempotencyKeyTaken(SQLException e) {
        return "23505".equals(e.getSQLState()) && e.getMessage() != null
                && e.getMessage().contains("idempotency_key");
    }

    private List<Pending> commitOnce(List<Pending> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Pending> fresh = settleRetries(c, batch);
                long next = lockCounter(c);
                long first = next;
                Map<SubjectKey, Long> lastLeaf = lastLeaves(c, fresh);
                List<Row> rows = new ArrayList<>();
                for (Pending p : fresh) {
                    List<SequencedEntry> sequenced = new ArrayList<>();
                    for (EntryDraft draft : p.drafts()) {
                        Row row = row(draft, next++, lastLeaf);
                        rows.add(row);
                        sequenced.add(row.sequenced());
                    }
                    p.entries = sequenced;
                }
                if (!rows.isEmpty()) {
                    insert(c, rows);
                    advanceCounter(c, next);
                }
                c.commit();
                for (Pending p : batch) {
                    if (p.twinOf != null) {
                        p.entries = p.twinOf.entries;
                        p.conflict = p.twinOf.conflict;
                    }
                }
                appended.increment(next - first);
                rows.forEach(row -> row.draft().flags().forEach(flag ->
                        registry.counter(FLAGGED, "flag", flag.name()).increment()));
                batchSizes.record(next - first);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed); // the connection is likely gone; the first failure says why
                }
                throw e;
            }
        }
        return batch;
    }

    /**
     * Entries whose Idempotency-Key was seen before: the original result, or a conflict. A retry queued in the same
     * commit as its original shares the original's result. The rest is fresh. A single append is keyed by the bare
     * key and a batch's entries by {@code <key>#i}; a key used for the other shape, or for a batch of another length,
     * is a conflict too (a shortened retry must not quietly answer with part of the original).
     */
    private List<Pending> settleRetries(Connection c, List<Pending> batch) throws SQLException {
        List<String> orgKeys = new ArrayList<>();
        for (Pending p : batch) {
            // A commit may run again (item by item after a data error, or after a key race): start afresh.
            p.entries = null;
            p.conflict = null;
            p.twinOf = null;
            for (EntryDraft d : p.drafts()) {
                if (d.idempotencyKey() != null) {
                    orgKeys.add(d.discloserOrg() + "\n" + d.idempotencyKey());
                }
            }
            orgKeys.addAll(otherShapes(p));
        }
        Map<String, byte[]> storedHashes = new HashMap<>();
        Map<String, SequencedEntry> stored = orgKeys.isEmpty() ? Map.of() : storedByKey(c, orgKeys, storedHashes);
        Map<String, Pending> firstInBatch = new HashMap<>();
        Map<String, byte[]> hashInBatch = new HashMap<>();
        List<Pending> fresh = new ArrayList<>();
        for (Pending p : batch) {
            List<SequencedEntry> retried = new ArrayList<>();
            Set<Pending> twins = new HashSet<>();
            // the key used for another shape of request, before or earlier in this commit
            String conflictKey = otherShapes(p).stream()
                    .filter(k -> stored.containsKey(k) || firstInBatch.containsKey(k)).findFirst()
                    .map(k -> requestKey(p)).orElse(null);
            boolean allRetries = true;
            for (EntryDraft d : p.drafts()) {
                if (d.idempotencyKey() == null) {
                    allRetries = false;
                    continue;
                }
                String orgKey = d.discloserOrg() + "\n" + d.idempotencyKey();
                SequencedEntry original = stored.get(orgKey);
                if (original != null) {
                    if (!Arrays.equals(storedHashes.get(orgKey), d.requestSha256()) && conflictKey == null) {
                        conflictKey = d.idempotencyKey();
                    }
                    retried.add(original);
                    continue;
                }
                allRetries = false;
                Pending earlier = firstInBatch.putIfAbsent(orgKey, p);
                if (earlier == null) {
                    hashInBatch.put(orgKey, d.requestSha256());
                } else {
                    if (!Arrays.equals(hashInBatch.get(orgKey), d.requestSha256()) && conflictKey == null) {
                        conflictKey = d.idempotencyKey();
                    }
                    twins.add(earlier);
                }
            }
            if (conflictKey != null) {
                p.conflict = new IdempotencyConflict(conflictKey); // the key of the entry that differs
            } else if (allRetries && !retried.isEmpty()) {
                p.entries = retried;
            } else if (!retried.isEmpty()) {
                // Part of an atomic batch was committed before and part was not: impossible unless the key
                // was reused for another batch.
                p.conflict = new IdempotencyConflict(requestKey(p));
            } else if (!twins.isEmpty()) {
                Pending original = twins.iterator().next();
                if (twins.size() == 1 && original.drafts().size() == p.drafts().size()
                        && p.drafts().stream().allMatch(d -> d.idempotencyKey() != null)) {
                    p.twinOf = original; // committed once, answered to both
                } else {
                    p.conflict = new IdempotencyConflict(requestKey(p));
                }
            } else {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /** The client's Idempotency-Key of a pending request ({@code ""} when it has none). */
    private static String requestKey(Pending p) {
        String key = p.drafts().get(0).idempotencyKey();
        return key == null ? "" : key.contains("#") ? key.substring(0, key.indexOf('#')) : key;
    }

    /**
     * The keys under which the same client key used for another shape of request would be stored: for a single
     * append the first entry of a batch; for a batch of n the single append and an n+1st entry.
     */
    private static List<String> otherShapes(Pending p) {
        EntryDraft first = p.drafts().get(0);
        if (first.idempotencyKey() == null) {
            return List.of();
        }
        String org = first.discloserOrg() + "\n";
        String key = requestKey(p);
        return first.idempotencyKey().contains("#")
                ? List.of(org + key, org + key + "#" + p.drafts().size())
                : List.of(org + key + "#0");
    }

    /** Entries already recorded under these keys, and (into {@code hashes}) the hash of the request of each. */
    private Map<String, SequencedEntry> storedByKey(Connection c, List<String> orgKeys, Map<String, byte[]> hashes)
            throws SQLException {
        Map<String, SequencedEntry> result = new HashMap<>();
        String[] orgs = orgKeys.stream().map(k -> k.substring(0, k.indexOf('\n'))).toArray(String[]::new);
        String[] keys = orgKeys.stream().map(k -> k.substring(k.indexOf('\n') + 1)).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.discloser_org, e.idempotency_key, e.id, e.leaf_index, e.recorded_at, e.categories, e.flags,
                       e.leaf_hash, e.request_sha256
                FROM entry e JOIN unnest(?::text[], ?::text[]) AS k(org, key)
                  ON e.discloser_org = k.org AND e.idempotency_key = k.key""")) {
            ps.setArray(1, c.createArrayOf("text", orgs));
            ps.setArray(2, c.createArrayOf("text", keys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long index = rs.getLong(4);
                    hashes.put(rs.getString(1) + "\n" + rs.getString(2), rs.getBytes(9));
                    result.put(rs.getString(1) + "\n" + rs.getString(2), new SequencedEntry(
                            rs.getObject(3, UUID.class), index, rs.getTimestamp(5).toInstant(),
                            enumSet(DataCategory.class, (String[]) rs.getArray(6).getArray()),
                            enumSet(Flag.class, (String[]) rs.getArray(7).getArray()),
                            DecisionRows.of(c, List.of(index)).getOrDefault(index, List.of()),
                            rs.getBytes(8)));
                }
            }
        }
        return result;
    }

    private static long lockCounter(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT next_index FROM log_counter FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void advanceCounter(Connection c, long next) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE log_counter SET next_index = ?")) {
            ps.setLong(1, next);
            ps.executeUpdate();
        }
    }

    /** The last leaf of every subject the batch concerns, to link each new leaf to its subjects' previous ones. */
    private static Map<SubjectKey, Long> lastLeaves(Connection c, List<Pending> batch) throws SQLException {
        Set<SubjectKey> subjects = new HashSet<>();
        batch.forEach(p -> p.drafts().forEach(d -> subjects.addAll(d.subjects().keySet())));
        Map<SubjectKey, Long> last = new HashMap<>();
        if (subjects.isEmpty()) {
            return last;
        }
        List<SubjectKey> keys = new ArrayList<>(subjects);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT k.t, k.i, (SELECT max(s.leaf_index) FROM entry_subject s
                                  WHERE s.subject_type = k.t AND s.subject_id = k.i)
                FROM unnest(?::text[], ?::text[]) AS k(t, i)""")) {
            ps.setArray(1, c.createArrayOf("text", keys.stream().map(k -> k.type().name()).toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(SubjectKey::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long index = rs.getLong(3);
                    if (!rs.wasNull()) {
                        last.put(new SubjectKey(dev.candor.common.vocabulary.SubjectType.valueOf(rs.getString(1)),
                                rs.getString(2)), index);
                    }
                }
            }
        }
        return last;
    }

    /** A sealed entry with its index and leaf: everything that is written. */
    private record Row(EntryDraft draft, long index, LeafCodec.Sealed sealed, byte[] leafData, byte[] leafHash) {

        SequencedEntry sequenced() {
            return new SequencedEntry(draft.id(), index, draft.recordedAt(), draft.categories(), draft.flags(),
                    draft.decisions(), leafHash);
        }
    }

    /**
     * Each subject's previous leaf goes into that subject's part, where only those who may see the part see it; the
     * leaf's own list of links stays empty. (Links in the leaf told every reader the previous entries of everyone
     * the entry was about: with one of them known, who else was in it — a black-box probe did just that.)
     */
    private static Row row(EntryDraft draft, long index, Map<SubjectKey, Long> lastLeaf) {
        int i = 0;
        for (SubjectKey subject : draft.subjects().keySet()) {
            Long previous = lastLeaf.put(subject, index);
            ObjectNode part = draft.parts().get(i++);
            if (previous != null) {
                part.put("previous", previous);
            } else {
                part.remove("previous"); // a batch committed again after a failure starts from the stored leaves
            }
        }
        LeafCodec.Sealed sealed = LeafCodec.seal(draft.content(), draft.parts(), draft.salt());
        byte[] leafData = LeafCodec.leafData(sealed.commitment(), List.of());
        return new Row(draft, index, sealed, leafData, LeafCodec.leafHash(leafData));
    }

    /** The batch's entries, their subjects and decisions: one COPY per table, in the commit's transaction. */
    private static void insert(Connection c, List<Row> rows) throws SQLException {
        CopyRows entries = new CopyRows();
        CopyRows subjects = new CopyRows();
        CopyRows decisions = new CopyRows();
        for (Row row : rows) {
            EntryDraft d = row.draft();
            entries.value(row.index()).value(d.id()).instant(d.recordedAt()).instant(d.request().occurredAt())
                    .text(d.discloserOrg()).text(d.discloserClient()).text(d.request().recipient().id())
                    .value(d.request().recipient().type()).value(d.request().purpose())
                    .array(names(d.categories())).array(names(d.flags())).text(d.idempotencyKey())
                    .bytes(d.requestSha256()).bytes(row.leafHash()).bytes(row.leafData())
                    .bytes(row.sealed().commitment())
                    .text(new String(row.sealed().canonical(), StandardCharsets.UTF_8)).bytes(row.sealed().salt())
                    .text(row.sealed().parts()).endRow();
            for (Map.Entry<SubjectKey, Set<SubjectRole>> s : d.subjects().entrySet()) {
                for (SubjectRole role : s.getValue()) {
                    subjects.value(row.index()).value(s.getKey().type()).text(s.getKey().id()).value(role).endRow();
                }
            }
            for (Decision dec : d.decisions()) {
                DecisionRows.add(decisions, row.index(), dec);
            }
        }
        entries.copyInto(c, """
                entry (leaf_index, id, recorded_at, occurred_at, discloser_org, discloser_client, recipient_id,
                       recipient_type, purpose, categories, flags, idempotency_key, request_sha256, leaf_hash,
                       leaf_data, commitment, content, salt, parts)""");
        subjects.copyInto(c, "entry_subject (leaf_index, subject_type, subject_id, role)");
        if (decisions.count() > 0) {
            decisions.copyInto(c, DecisionRows.TARGET);
        }
    }

    private static List<String> names(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().toList();
    }

    static <E extends Enum<E>> Set<E> enumSet(Class<E> type, String[] names) {
        Set<E> set = EnumSet.noneOf(type);
        for (String name : names) {
            set.add(Enum.valueOf(type, name));
        }
        return set;
    }
}
