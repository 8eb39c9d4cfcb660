package dev.candor.ledger.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Platform-wide counts over a period (a regulator's report over millions of entries ships counts, never rows).
 * Months of occurredAt that lie inside the period are read from the counts the integrator keeps
 * ({@link StatsRollup}); the months the period's edges cut, and entries not rolled in yet, are counted from the
 * entries with the same rule. Read in one repeatable-read snapshot, so the counts agree with each other and with
 * the tree size they are for.
 */
@ApplicationScoped
public class LedgerStats {

    /** One count: {@code key} is the grouped value, {@code type} the recipient type where grouping by recipient. */
    public record Count(String key, String type, long count) {
    }

    public record Stats(long entries, List<Count> byRecipient, List<Count> byRecipientType, List<Count> byPurpose,
                        List<Count> byCategory, List<Count> byLegalBasis, long unauthorized, long undecided,
                        long breakGlass) {
    }

    @Inject
    DataSource dataSource;

    public Stats over(Instant from, Instant to, long treeSize) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return over(c, from, to, treeSize);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger statistics failed", e);
        }
    }

    private static Stats over(Connection c, Instant from, Instant to, long treeSize) throws SQLException {
        long rolledUp = StatsRollup.rolledUpTo(c, "");
        long countedBelow = Math.min(treeSize, rolledUp);
        Tally tally = new Tally();
        // Months whose counted entries all lie in the period are read whole; the others (cut by an edge) are
        // counted from their entries in the period — only those the counts hold (below countedBelow).
        List<LocalDate> inside = new ArrayList<>();
        List<Object[]> edges = new ArrayList<>(); // the count's parameters for each month cut by an edge
        Timestamp periodFrom = Timestamp.from(from);
        Timestamp periodTo = Timestamp.from(to);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT month, first_occurred, last_occurred, first_leaf, last_leaf FROM stats_month_span ORDER BY month");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LocalDate month = rs.getObject(1, LocalDate.class);
                Instant first = rs.getTimestamp(2).toInstant();
                Instant last = rs.getTimestamp(3).toInstant();
                if (!first.isBefore(from) && last.isBefore(to)) {
                    inside.add(month);
                } else if (!last.isBefore(from) && first.isBefore(to)) {
                    Instant monthStart = month.atStartOfDay(ZoneOffset.UTC).toInstant();
                    Instant monthEnd = month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    edges.add(new Object[]{rs.getLong(4), Math.min(rs.getLong(5) + 1, countedBelow),
                            Timestamp.from(max(from, monthStart)), Timestamp.from(min(to, monthEnd))});
                }
            }
        }
        if (!inside.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT dim, key, type, sum(n) FROM stats_month WHERE month = ANY(?) GROUP BY 1, 2, 3")) {
                ps.setArray(1, c.createArrayOf("date", inside.stream().map(java.sql.Date::valueOf).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tally.add(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
                    }
                }
            }
        }
        for (Object[] edge : edges) {
            // the month's leaves (tight when entries are recorded about when they occur), those in the period
            StatsRollup.count(c, "e.leaf_index >= ? AND e.leaf_index < ? AND e.occurred_at >= ? AND e.occurred_at < ?",
                    edge, tally::add);
        }
        if (treeSize > rolledUp) {
            // entries integrated but not rolled in yet (the counts catch up after a migration or a rebuild)
            StatsRollup.count(c, "e.leaf_index >= ? AND e.leaf_index < ? AND e.occurred_at >= ? AND e.occurred_at < ?",
                    new Object[]{rolledUp, treeSize, periodFrom, periodTo}, tally::add);
        } else if (treeSize < rolledUp) {
            // the counts already hold entries beyond the tree size asked for: take those of the months read whole
            StatsRollup.count(c, "e.leaf_index >= ? AND e.leaf_index < ? AND e.occurred_at >= ? AND e.occurred_at < ?",
                    new Object[]{treeSize, rolledUp, periodFrom, periodTo}, row -> {
                        if (inside.contains(row.month())) {
                            tally.add(row.dim(), row.key(), row.type(), -row.n());
                        }
                    });
        }
        return tally.stats();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Sums contributions by (dim, key, type). */
    private static final class Tally {
        private final Map<List<String>, Long> counts = new HashMap<>();

        void add(StatsRollup.Contribution row) {
            add(row.dim(), row.key(), row.type(), row.n());
        }

        void add(String dim, String key, String type, long n) {
            counts.merge(List.of(dim, key, type), n, Long::sum);
        }

        private long single(String dim, String key) {
            return counts.getOrDefault(List.of(dim, key, ""), 0L);
        }

        /** The counts of one dimension, largest first, then by key (and type); zeros left out. */
        private List<Count> of(String dim) {
            return counts.entrySet().stream()
                    .filter(e -> e.getKey().get(0).equals(dim) && e.getValue() != 0)
                    .map(e -> new Count(e.getKey().get(1), e.getKey().get(2).isEmpty() ? null : e.getKey().get(2),
                            e.getValue()))
                    .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::key)
                            .thenComparing(Count::type, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .toList();
        }

        Stats stats() {
            return new Stats(single("ENTRIES", ""), of("RECIPIENT"), of("RECIPIENT_TYPE"), of("PURPOSE"),
                    of("CATEGORY"), of("BASIS"), single("FLAG", "UNAUTHORIZED"), single("FLAG", "UNDECIDED"),
                    single("FLAG", "BREAK_GLASS"));
        }
    }
}
