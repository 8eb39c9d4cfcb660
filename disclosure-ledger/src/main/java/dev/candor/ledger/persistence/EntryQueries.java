package dev.candor.ledger.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.EntryFilter;
import dev.candor.ledger.domain.EntryRecord;
import dev.candor.ledger.domain.Flag;
import dev.candor.ledger.domain.Visibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/** Reads of the ledger, always through a {@link Visibility}: the scope is part of every query's WHERE clause. */
@ApplicationScoped
public class EntryQueries {

    private static final String COLUMNS = "e.leaf_index, e.id, e.recorded_at, e.discloser_org, e.discloser_client,"
            + " e.categories, e.flags, e.content, e.leaf_data, e.leaf_hash, e.salt, e.parts";

    /**
     * A page stops early once its entries' content passes this many characters (always holding at least one entry):
     * a page of 1,000 entries of 100,000-member cohorts is ~1.6 GB, and a black-box probe ran the ledger out of
     * memory with a few of them. Rows are read through a cursor, so no more than the page is ever held.
     */
    static final int PAGE_CONTENT_BUDGET = 8 * 1024 * 1024;

    private volatile int pageContentBudget = PAGE_CONTENT_BUDGET;

    /** A page of entries; {@code more} when it is full (by count or by size) and later entries may follow. */
    public record Page(List<EntryRecord> entries, boolean more) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** For tests: a smaller budget than entries of real cohorts need to reach it. */
    void pageContentBudget(int chars) {
        pageContentBudget = chars;
    }

    public Optional<EntryRecord> byId(UUID id, Visibility visibility) {
        return query(visibility, null, "e.id = ?", List.of(id), 1).entries().stream().findFirst();
    }

    public Optional<EntryRecord> byLeafIndex(long index, Visibility visibility) {
        return query(visibility, null, "e.leaf_index = ?", List.of(index), 1).entries().stream().findFirst();
    }

    /** Visible entries matching the filter, after a leaf index and before another (exclusive), oldest first. */
    public Page page(Visibility visibility, EntryFilter filter, long after, long before, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("e.leaf_index > ? AND e.leaf_index < ?");
        args.add(after);
        args.add(before);
        if (filter.recipientId() != null) {
            where.append(" AND e.recipient_id = ?");
            args.add(filter.recipientId());
        }
        if (filter.purpose() != null) {
            where.append(" AND e.purpose = ?");
            args.add(filter.purpose().name());
        }
        if (filter.category() != null) {
            where.append(" AND e.categories @> ARRAY[?]::text[]");
            args.add(filter.category().name());
        }
        if (filter.flag() == Flag.UNAUTHORIZED) {
            // denied at recording, or on settlement of an UNDECIDED entry
            where.append(" AND (e.flags @> ARRAY['UNAUTHORIZED'] OR EXISTS (SELECT 1 FROM entry_decision d"
                    + " WHERE d.leaf_index = e.leaf_index AND d.outcome = 'DENY'))");
        } else if (filter.flag() == Flag.UNDECIDED) {
            where.append(" AND e.flags @> ARRAY['UNDECIDED'] AND NOT EXISTS (SELECT 1 FROM entry_decision d"
                    + " WHERE d.leaf_index = e.leaf_index)");
        } else if (filter.flag() != null) {
            where.append(" AND e.flags @> ARRAY[?]::text[]");
            args.add(filter.flag().name());
        }
        if (filter.from() != null) {
            where.append(" AND e.occurred_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND e.occurred_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        return query(visibility, driver(visibility, filter, after, before), where.toString(), args, limit);
    }

    /** SQL text and its parameters, in order. */
    private record Sql(String text, List<Object> args) {
    }

    /**
     * Where a page's candidates come from when something narrower than the log names them: the subject asked about,
     * the flagged entries, or the subjects a patient, delegate or therapist may see. The candidates (leaf indexes in
     * order, from an index of just them) are joined to the log one by one until the page is full, so a page costs
     * what the subject's or the flag's entries cost, not what the log does. Null: walk the log itself (a regulator's
     * or a discloser's unnarrowed listing, where most entries qualify).
     */
    private static Sql driver(Visibility visibility, EntryFilter filter, long after, long before) {
        String range = " AND %1$s.leaf_index > ? AND %1$s.leaf_index < ?";
        if (filter.subjectId() != null) {
            if (filter.subjectType() != null) {
                return new Sql("SELECT DISTINCT f.leaf_index FROM entry_subject f WHERE f.subject_type = ?"
                        + " AND f.subject_id = ?" + range.formatted("f") + " ORDER BY 1",
                        List.of(filter.subjectType().name(), filter.subjectId(), after, before));
            }
            return new Sql("SELECT DISTINCT f.leaf_index FROM entry_subject f WHERE f.subject_id = ?"
                    + range.formatted("f") + " ORDER BY 1", List.of(filter.subjectId(), after, before));
        }
        if (filter.flag() != null) {
            // "flags <> '{}'" is the partial index's predicate, so PostgreSQL reads entry_flagged
            String flagged = "SELECT g.leaf_index FROM entry g WHERE g.flags <> '{}'" + range.formatted("g");
            if (filter.flag() != Flag.UNAUTHORIZED) {
                return new Sql(flagged + " ORDER BY 1", List.of(after, before));
            }
            return new Sql(flagged + " UNION SELECT d.leaf_index FROM entry_decision d WHERE d.outcome = 'DENY'"
                    + range.formatted("d") + " ORDER BY 1", List.of(after, before, after, before));
        }
        if (visibility.everything() || visibility.discloserOrg() != null) {
            return null;
        }
        List<String> scopes = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!visibility.patients().isEmpty()) {
            scopes.add("f.subject_type = 'PATIENT' AND f.subject_id = ANY (?)");
            args.add(visibility.patients().toArray(String[]::new));
        }
        if (visibility.provider() != null) {
            scopes.add("f.subject_type = 'PROVIDER' AND f.subject_id = ?");
            args.add(visibility.provider());
        }
        args.add(after);
        args.add(before);
        return new Sql("SELECT DISTINCT f.leaf_index FROM entry_subject f WHERE ((" + String.join(") OR (", scopes)
                + "))" + range.formatted("f") + " ORDER BY 1", args);
    }

    /**
     * The flags as they stand now: an UNDECIDED entry that has been settled is no longer undecided, and is
     * UNAUTHORIZED if a decision denied. (The committed content keeps the flags as they were at recording.)
     */
    static Set<Flag> effectiveFlags(Set<Flag> recorded, List<Decision> decisions) {
        if (!recorded.contains(Flag.UNDECIDED) || decisions.isEmpty()) {
            return recorded;
        }
        Set<Flag> now = EnumSet.copyOf(recorded);
        now.remove(Flag.UNDECIDED);
        if (decisions.stream().anyMatch(d -> d.outcome() == Decision.Outcome.DENY)) {
            now.add(Flag.UNAUTHORIZED);
        }
        return now;
    }

    private Page query(Visibility visibility, Sql driver, String condition, List<Object> args, int limit) {
        if (visibility.nothing()) {
            return new Page(List.of(), false);
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        if (driver != null) {
            sql.append("SELECT k.* FROM (").append(driver.text()).append(") c CROSS JOIN LATERAL (SELECT ");
            params.addAll(driver.args());
        } else {
            sql.append("SELECT ");
        }
        params.addAll(args);
        sql.append(COLUMNS).append(" FROM entry e WHERE (").append(condition).append(")");
        if (driver != null) {
            sql.append(" AND e.leaf_index = c.leaf_index");
        }
        if (!visibility.everything()) {
            List<String> scopes = new ArrayList<>();
            if (visibility.discloserOrg() != null) {
                scopes.add("e.discloser_org = ?");
                params.add(visibility.discloserOrg());
            }
            if (!visibility.patients().isEmpty()) {
                scopes.add("EXISTS (SELECT 1 FROM entry_subject s WHERE s.leaf_index = e.leaf_index"
                        + " AND s.subject_type = 'PATIENT' AND s.subject_id = ANY (?))");
                params.add(visibility.patients().toArray(String[]::new));
            }
            if (visibility.provider() != null) {
                scopes.add("EXISTS (SELECT 1 FROM entry_subject s WHERE s.leaf_index = e.leaf_index"
                        + " AND s.subject_type = 'PROVIDER' AND s.subject_id = ?)");
                params.add(visibility.provider());
            }
            sql.append(" AND (").append(String.join(" OR ", scopes)).append(")");
        }
        // the driven form keeps the candidates' order (a nested loop over them), so it stops when the page is full
        sql.append(driver != null ? ") k ORDER BY c.leaf_index LIMIT ?" : " ORDER BY e.leaf_index LIMIT ?");
        params.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            if (limit == 1) {
                return read(c, ps, params, limit, visibility); // one entry (a read by id): no cursor, no transaction to end
            }
            // A cursor (PostgreSQL reads ahead only fetchSize rows inside a transaction): the page may stop early.
            c.setAutoCommit(false);
            try {
                ps.setFetchSize(16);
                return read(c, ps, params, limit, visibility);
            } finally {
                c.setAutoCommit(true); // ends the read-only transaction before the connection goes back
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger query failed", e);
        }
    }

    private Page read(Connection c, PreparedStatement ps, List<Object> params, int limit, Visibility visibility)
            throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else {
                ps.setObject(i + 1, p);
            }
        }
        List<EntryRecord> rows = new ArrayList<>();
        long contentChars = 0;
        boolean cut = false;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String content = rs.getString(8);
                String parts = rs.getString(12);
                contentChars += (content == null ? 0 : content.length()) + (parts == null ? 0 : parts.length());
                String org = rs.getString(4);
                rows.add(new EntryRecord(rs.getLong(1), rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant(), org, rs.getString(5),
                        Sequencer.enumSet(DataCategory.class, (String[]) rs.getArray(6).getArray()),
                        Sequencer.enumSet(Flag.class, (String[]) rs.getArray(7).getArray()),
                        List.of(), content, visibleParts(parts, org, visibility), rs.getBytes(11),
                        rs.getBytes(9), rs.getBytes(10)));
                if (contentChars >= pageContentBudget && rows.size() < limit) {
                    cut = true;
                    break;
                }
            }
        }
        Map<Long, List<Decision>> decisions = DecisionRows.of(c, rows.stream().map(EntryRecord::leafIndex).toList());
        return new Page(rows.stream().map(r -> {
            List<Decision> all = decisions.getOrDefault(r.leafIndex(), List.of());
            return new EntryRecord(r.leafIndex(), r.id(), r.recordedAt(), r.discloserOrg(), r.discloserClient(),
                    r.categories(), effectiveFlags(r.flags(), all), visibleDecisions(all, r, visibility), r.content(),
                    r.parts(), r.salt(), r.leafData(), r.leafHash());
        }).toList(), cut || rows.size() == limit);
    }

    /**
     * A second-format entry's parts as this reader may see them: all for oversight and the recording organisation,
     * else only the parts of the subjects the reader acts for or treats — the other people the entry is about stay
     * hidden. Null for a first-format entry (its content shows everyone, docs/ledger.md) and once erased.
     */
    private List<JsonNode> visibleParts(String stored, String discloserOrg, Visibility visibility) {
        if (stored == null) {
            return null;
        }
        JsonNode all;
        try {
            all = json.readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable parts", e);
        }
        boolean whole = visibility.seesWhole(discloserOrg);
        List<JsonNode> visible = new ArrayList<>(whole ? all.size() : 1);
        for (JsonNode part : all) {
            if (whole || visibility.seesPart(part.path("subject").asText(),
                    part.path("treatingProviderId").asText(null))) {
                visible.add(part);
            }
        }
        return visible;
    }

    /**
     * The decisions a reader may see (the flags still say whether any decision denied): of a second-format entry,
     * those about the subjects whose parts they see; of an erased entry, whatever its format, only those about the
     * reader's own patients or practice — its parts are gone, and the decisions must not outlive them as a list of
     * everyone the entry was about (a black-box probe read them after an erasure). Only a first-format entry that
     * still has its content shows them all: that content names everyone anyway.
     */
    private static List<Decision> visibleDecisions(List<Decision> all, EntryRecord entry, Visibility visibility) {
        if (visibility.seesWhole(entry.discloserOrg()) || (entry.parts() == null && !entry.erased())) {
            return all;
        }
        Set<String> subjects = new HashSet<>();
        if (entry.parts() != null) {
            entry.parts().forEach(p -> subjects.add(p.path("subject").asText()));
        }
        return all.stream().filter(d -> {
            String subject = d.subject().type() + ":" + d.subject().id();
            return subjects.contains(subject) || (entry.erased() && visibility.seesPart(subject, null));
        }).toList();
    }
}
