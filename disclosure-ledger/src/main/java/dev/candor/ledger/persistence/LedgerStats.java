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
import java.util.ArrayList;
import java.util.List;

/**
 * Platform-wide counts over a period, aggregated in SQL (a regulator's report over millions of entries ships counts,
 * never rows). Read in one repeatable-read snapshot so the counts agree with each other.
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

    private static final String PERIOD = " e.occurred_at >= ? AND e.occurred_at < ? AND e.leaf_index < ? ";

    @Inject
    DataSource dataSource;

    public Stats over(Instant from, Instant to, long treeSize) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                List<Count> byRecipient = new ArrayList<>();
                List<Count> byType = new ArrayList<>();
                List<Count> byPurpose = new ArrayList<>();
                long total = 0;
                long unauthorized = 0;
                long undecided = 0;
                long breakGlass = 0;
                // One scan: grouping sets give every grouping of the entry's own columns at once. The flags are
                // counted as recorded here; settlement's corrections come from the small query below.
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT e.recipient_id, e.recipient_type, e.purpose, count(*),
                               GROUPING(e.recipient_id, e.recipient_type, e.purpose),
                               count(*) FILTER (WHERE e.flags @> ARRAY['UNAUTHORIZED']),
                               count(*) FILTER (WHERE e.flags @> ARRAY['UNDECIDED']),
                               count(*) FILTER (WHERE e.flags @> ARRAY['BREAK_GLASS'])
                        FROM entry e WHERE""" + PERIOD + """
                        GROUP BY GROUPING SETS ((e.recipient_id, e.recipient_type), (e.recipient_type), (e.purpose), ())
                        ORDER BY 4 DESC, 1, 2, 3""")) {
                    bind(ps, from, to, treeSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int grouping = rs.getInt(5);
                            long count = rs.getLong(4);
                            // GROUPING bits: recipient_id 4, recipient_type 2, purpose 1 (1 = not grouped by it)
                            switch (grouping) {
                                case 1 -> byRecipient.add(new Count(rs.getString(1), rs.getString(2), count));
                                case 5 -> byType.add(new Count(rs.getString(2), null, count));
                                case 6 -> byPurpose.add(new Count(rs.getString(3), null, count));
                                case 7 -> {
                                    total = count;
                                    unauthorized = rs.getLong(6);
                                    undecided = rs.getLong(7);
                                    breakGlass = rs.getLong(8);
                                }
                                default -> throw new IllegalStateException("unexpected grouping " + grouping);
                            }
                        }
                    }
                }
                // Settlement after the fact: an UNDECIDED entry that has been decided is no longer undecided, and
                // is UNAUTHORIZED if a decision denied. Both read only the flagged entries and the denials (partial
                // indexes of V3), not the log.
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT (SELECT count(*) FROM entry e WHERE e.leaf_index IN (SELECT d.leaf_index
                                    FROM entry_decision d WHERE d.outcome = 'DENY' AND d.leaf_index < ?)
                                  AND NOT e.flags @> ARRAY['UNAUTHORIZED'] AND""" + PERIOD + """
                               ),
                               (SELECT count(*) FROM entry e WHERE e.flags <> '{}' AND e.flags @> ARRAY['UNDECIDED']
                                  AND EXISTS (SELECT 1 FROM entry_decision d WHERE d.leaf_index = e.leaf_index)
                                  AND""" + PERIOD + ")")) {
                    ps.setLong(1, treeSize);
                    ps.setTimestamp(2, Timestamp.from(from));
                    ps.setTimestamp(3, Timestamp.from(to));
                    ps.setLong(4, treeSize);
                    ps.setTimestamp(5, Timestamp.from(from));
                    ps.setTimestamp(6, Timestamp.from(to));
                    ps.setLong(7, treeSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        unauthorized += rs.getLong(1);
                        undecided -= rs.getLong(2);
                    }
                }
                List<Count> byCategory = counts(c, """
                        SELECT cat, count(*) FROM entry e, unnest(e.categories) AS cat WHERE""" + PERIOD + """
                        GROUP BY cat ORDER BY 2 DESC, 1""", from, to, treeSize);
                // An entry counts once under each basis its decisions gave; no decision yet is NONE.
                List<Count> byBasis = counts(c, """
                        SELECT coalesce(b.basis, 'NONE'), count(*) FROM entry e
                        LEFT JOIN LATERAL (SELECT DISTINCT d.basis FROM entry_decision d
                                           WHERE d.leaf_index = e.leaf_index) b ON true
                        WHERE""" + PERIOD + """
                        GROUP BY 1 ORDER BY 2 DESC, 1""", from, to, treeSize);
                return new Stats(total, byRecipient, byType, byPurpose, byCategory, byBasis, unauthorized, undecided,
                        breakGlass);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger statistics failed", e);
        }
    }

    private static List<Count> counts(Connection c, String sql, Instant from, Instant to, long treeSize)
            throws SQLException {
        List<Count> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, from, to, treeSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Count(rs.getString(1), null, rs.getLong(2)));
                }
            }
        }
        return result;
    }

    private static void bind(PreparedStatement ps, Instant from, Instant to, long treeSize) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
        ps.setLong(3, treeSize);
    }
}
