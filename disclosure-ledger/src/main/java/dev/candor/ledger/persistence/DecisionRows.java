package dev.candor.ledger.persistence;

import dev.candor.common.persistence.CopyRows;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.SubjectKey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the decisions stored with entries, for many entries in one query. */
final class DecisionRows {

    private DecisionRows() {
    }

    /** The table and columns {@link #add} writes, for {@link CopyRows#copyInto}. */
    static final String TARGET = """
            entry_decision (leaf_index, subject_type, subject_id, outcome, basis, consent_id, consent_version,
                            decision_id, reason, decided_at)""";

    /** Adds one decision of the entry at {@code leafIndex}. */
    static void add(CopyRows rows, long leafIndex, Decision d) {
        rows.value(leafIndex).value(d.subject().type()).text(d.subject().id()).value(d.outcome()).value(d.basis())
                .value(d.consentId()).value(d.consentVersion()).value(d.decisionId()).text(d.reason())
                .instant(d.decidedAt()).endRow();
    }

    static Map<Long, List<Decision>> of(Connection c, Collection<Long> leafIndexes) throws SQLException {
        Map<Long, List<Decision>> result = new HashMap<>();
        if (leafIndexes.isEmpty()) {
            return result;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT leaf_index, subject_type, subject_id, outcome, basis, consent_id, consent_version,
                       decision_id, reason, decided_at
                FROM entry_decision WHERE leaf_index = ANY (?) ORDER BY leaf_index, subject_type, subject_id""")) {
            ps.setArray(1, c.createArrayOf("bigint", leafIndexes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Decision(
                            new SubjectKey(SubjectType.valueOf(rs.getString(2)), rs.getString(3)),
                            Decision.Outcome.valueOf(rs.getString(4)), LegalBasis.valueOf(rs.getString(5)),
                            rs.getObject(6, UUID.class), (Integer) rs.getObject(7), rs.getObject(8, UUID.class),
                            rs.getString(9), rs.getTimestamp(10).toInstant()));
                }
            }
        }
        return result;
    }
}
