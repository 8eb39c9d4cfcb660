package dev.candor.ledger.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The platform counts kept per month of occurredAt (V4): what every entry adds to them, and their upkeep — the
 * integrator rolls each integrated batch in, settlement moves a settled entry from what it counted as to what its
 * decisions say. {@link LedgerStats} reads them; the full check compares them with the entries.
 *
 * <p>One SQL statement says what an entry counts as ({@link #contributions}); it is used both to keep the counts
 * and to count directly where they cannot serve (the edge months of a period, entries not rolled up yet), so the
 * two can never disagree about a rule.
 */
@ApplicationScoped
public class StatsRollup {

    /** What one entry (or a set of them) adds to one count. */
    public record Contribution(LocalDate month, String dim, String key, String type, long n) {
    }

    /**
     * Each selected entry's contributions, grouped: rows (month, dim, key, type, n). An entry counts once in
     * ENTRIES, under its recipient (with the recipient's type), recipient type and purpose, under each category
     * (implied ones included, as stored), under each distinct legal basis its decisions gave (NONE while it has
     * none), and under FLAG UNAUTHORIZED (recorded so, or a later decision denied), UNDECIDED (recorded so and not
     * settled yet) and BREAK_GLASS.
     *
     * @param where a condition on {@code e} (the entry table)
     * @param sign  {@code ""} to add, {@code "-"} to take away
     */
    static String contributions(String where, String sign) {
        return """
                WITH e AS MATERIALIZED (
                    SELECT date_trunc('month', e.occurred_at AT TIME ZONE 'UTC')::date AS month,
                           e.recipient_id, e.recipient_type, e.purpose, e.categories, e.flags, d.bases, d.denied
                    FROM entry e
                    LEFT JOIN LATERAL (SELECT array_agg(DISTINCT d.basis) AS bases,
                                              bool_or(d.outcome = 'DENY') AS denied
                                       FROM entry_decision d WHERE d.leaf_index = e.leaf_index) d ON true
                    WHERE %s)
                SELECT month, dim, key, type, %scount(*) FROM (
                    SELECT month, 'ENTRIES' AS dim, '' AS key, '' AS type FROM e
                    UNION ALL SELECT month, 'RECIPIENT', recipient_id, recipient_type FROM e
                    UNION ALL SELECT month, 'RECIPIENT_TYPE', recipient_type, '' FROM e
                    UNION ALL SELECT month, 'PURPOSE', purpose, '' FROM e
                    UNION ALL SELECT month, 'CATEGORY', cat, '' FROM e, unnest(e.categories) AS cat
                    UNION ALL SELECT month, 'BASIS', coalesce(b, 'NONE'), '' FROM e
                              LEFT JOIN LATERAL unnest(e.bases) AS b ON true
                    UNION ALL SELECT month, 'FLAG', 'UNAUTHORIZED', '' FROM e
                              WHERE e.flags @> ARRAY['UNAUTHORIZED'] OR e.denied
                    UNION ALL SELECT month, 'FLAG', 'UNDECIDED', '' FROM e
                              WHERE e.flags @> ARRAY['UNDECIDED'] AND e.bases IS NULL
                    UNION ALL SELECT month, 'FLAG', 'BREAK_GLASS', '' FROM e
                              WHERE e.flags @> ARRAY['BREAK_GLASS']
                ) x GROUP BY 1, 2, 3, 4""".formatted(where, sign);
    }

    private static final String LEAF_RANGE = "e.leaf_index >= ? AND e.leaf_index < ?";
    private static final String LEAF_SET = "e.leaf_index = ANY (?)";

    private static final String ADD_TO_COUNTS = " ON CONFLICT (month, dim, key, type) DO UPDATE SET n = stats_month.n + excluded.n";

    @Inject
    DataSource dataSource;

    /** How far the counts reach: entries [0, n) are in them. */
    static long rolledUpTo(Connection c, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolled_up_to FROM stats_state " + lock);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Rolls integrated entries into the counts, up to {@code integratedSize} but at most {@code maxStep} of them
     * (after the migration, or a rebuild, the counts catch up over several integrations, not in one long
     * transaction). Runs in the integrator's transaction: the counts move with the checkpoint that covers them.
     */
    public static void extend(Connection c, long integratedSize, int maxStep) throws SQLException {
        // the row lock makes a settlement wait, and this statement's snapshot (read committed) sees what it wrote
        long from = rolledUpTo(c, "FOR UPDATE");
        long to = Math.min(integratedSize, from + maxStep);
        if (to <= from) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO stats_month (month, dim, key, type, n) " + contributions(LEAF_RANGE, "") + ADD_TO_COUNTS)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO stats_month_span (month, first_occurred, last_occurred, first_leaf, last_leaf)
                SELECT date_trunc('month', e.occurred_at AT TIME ZONE 'UTC')::date, min(e.occurred_at), max(e.occurred_at),
                       min(e.leaf_index), max(e.leaf_index)
                FROM entry e WHERE""" + " " + LEAF_RANGE + """
                 GROUP BY 1
                ON CONFLICT (month) DO UPDATE SET
                    first_occurred = least(stats_month_span.first_occurred, excluded.first_occurred),
                    last_occurred = greatest(stats_month_span.last_occurred, excluded.last_occurred),
                    first_leaf = least(stats_month_span.first_leaf, excluded.first_leaf),
                    last_leaf = greatest(stats_month_span.last_leaf, excluded.last_leaf)""")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE stats_state SET rolled_up_to = ?")) {
            ps.setLong(1, to);
            ps.executeUpdate();
        }
    }

    /** {@link #extend} when nothing new was integrated: only if the counts lag (no row lock taken otherwise). */
    public static void catchUp(Connection c, long integratedSize, int maxStep) throws SQLException {
        if (rolledUpTo(c, "") < integratedSize) {
            extend(c, integratedSize, maxStep);
        }
    }

    /**
     * Runs {@code appendDecisions} (settlement's insert of some entries' first decisions) inside a correction of the
     * counts: what those of the entries already counted counted as is taken away before, and what they count as now
     * is added after. Same transaction as the insert.
     */
    public static void settling(Connection c, Collection<Long> leafIndexes, SqlAction appendDecisions)
            throws SQLException {
        // FOR SHARE: settlements do not wait for each other, the integrator waits for them and they for it
        long rolledUp = rolledUpTo(c, "FOR SHARE");
        Long[] counted = leafIndexes.stream().filter(leaf -> leaf < rolledUp).toArray(Long[]::new);
        if (counted.length > 0) {
            addContributionsOf(c, counted, "-");
        }
        appendDecisions.run();
        if (counted.length > 0) {
            addContributionsOf(c, counted, "");
        }
    }

    private static void addContributionsOf(Connection c, Long[] leafIndexes, String sign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO stats_month (month, dim, key, type, n) " + contributions(LEAF_SET, sign) + ADD_TO_COUNTS)) {
            ps.setArray(1, c.createArrayOf("bigint", leafIndexes));
            ps.executeUpdate();
        }
    }

    /** Counts entries directly: those in a leaf range, or in a range of occurredAt below a leaf index. */
    static void count(Connection c, String where, Object[] parameters, Consumer<Contribution> sink)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(contributions(where, ""))) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Contribution(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5)));
                }
            }
        }
    }

    /**
     * Compares the kept counts with the entries they say they count (the full check): empty if they agree, else
     * the first difference. A month's span (of occurredAt and of leaf indexes) may be wider than its entries
     * (corrections never narrow it), not narrower.
     */
    public static java.util.Optional<String> check(Connection c) throws SQLException {
        long rolledUp = rolledUpTo(c, "");
        Map<List<Object>, Long> derived = new HashMap<>();
        count(c, LEAF_RANGE, new Object[]{0L, rolledUp}, row -> derived.put(
                List.of(row.month(), row.dim(), row.key(), row.type()), row.n()));
        Map<List<Object>, Long> kept = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT month, dim, key, type, n FROM stats_month WHERE n <> 0");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                kept.put(List.of(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getString(4)),
                        rs.getLong(5));
            }
        }
        Set<List<Object>> keys = new TreeSet<>(Comparator.comparing(Object::toString));
        keys.addAll(derived.keySet());
        keys.addAll(kept.keySet());
        for (List<Object> key : keys) {
            long should = derived.getOrDefault(key, 0L);
            long is = kept.getOrDefault(key, 0L);
            if (should != is) {
                return java.util.Optional.of("the platform count " + key + " is " + is + ", the entries below "
                        + rolledUp + " give " + should);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.month FROM (SELECT date_trunc('month', e.occurred_at AT TIME ZONE 'UTC')::date AS month,
                                            min(e.occurred_at) AS first, max(e.occurred_at) AS last,
                                            min(e.leaf_index) AS first_leaf, max(e.leaf_index) AS last_leaf
                                     FROM entry e WHERE""" + " " + LEAF_RANGE + """
                                     GROUP BY 1) m
                LEFT JOIN stats_month_span s ON s.month = m.month
                WHERE s.month IS NULL OR s.first_occurred > m.first OR s.last_occurred < m.last
                   OR s.first_leaf > m.first_leaf OR s.last_leaf < m.last_leaf
                ORDER BY 1 LIMIT 1""")) {
            ps.setLong(1, 0);
            ps.setLong(2, rolledUp);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return java.util.Optional.of("the kept span of month " + rs.getObject(1, LocalDate.class)
                            + " does not cover its entries");
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Forgets the counts; the integrator rolls every entry in again over its next runs (readers count directly
     * what is not rolled in meanwhile). For when the full check finds them wrong.
     */
    public void rebuild() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                rolledUpTo(c, "FOR UPDATE");
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM stats_month");
                    s.executeUpdate("DELETE FROM stats_month_span");
                    s.executeUpdate("UPDATE stats_state SET rolled_up_to = 0");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rebuild the platform counts", e);
        }
    }

    /** A JDBC step that may throw. */
    @FunctionalInterface
    public interface SqlAction {
        void run() throws SQLException;
    }
}
