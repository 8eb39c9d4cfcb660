package dev.candor.ledger.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.persistence.CopyRows;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.domain.ConsentDecisions;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.SubjectKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Entries recorded UNDECIDED that have no decisions yet, and the appending of their decisions. */
@ApplicationScoped
public class UndecidedEntries {

    /** Settlement key for the advisory lock: one settler at a time across replicas. */
    static final long LOCK_KEY = 0x63616e646f73L;

    /** An entry waiting for its decisions, and the question to ask about it. */
    public record Undecided(long leafIndex, ConsentDecisions.Question question) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public List<Undecided> waiting(int limit) {
        List<Undecided> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT e.leaf_index, e.content,
                       (SELECT array_agg(DISTINCT s.subject_type || ':' || s.subject_id) FROM entry_subject s
                         WHERE s.leaf_index = e.leaf_index)
                FROM entry e
                WHERE e.flags @> ARRAY['UNDECIDED'] AND e.content IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM entry_decision d WHERE d.leaf_index = e.leaf_index)
                ORDER BY e.leaf_index LIMIT ?""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode content = json.readTree(rs.getString(2));
                    JsonNode disclosure = content.path("disclosure");
                    List<SubjectKey> subjects = new ArrayList<>();
                    for (String s : (String[]) rs.getArray(3).getArray()) {
                        int colon = s.indexOf(':');
                        subjects.add(new SubjectKey(SubjectType.valueOf(s.substring(0, colon)), s.substring(colon + 1)));
                    }
                    Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
                    content.path("categories").forEach(c2 -> categories.add(DataCategory.valueOf(c2.asText())));
                    result.add(new Undecided(rs.getLong(1), new ConsentDecisions.Question(subjects,
                            disclosure.path("recipient").path("id").asText(),
                            RecipientType.valueOf(disclosure.path("recipient").path("type").asText()), categories,
                            Purpose.valueOf(disclosure.path("purpose").asText()),
                            Instant.parse(disclosure.path("occurredAt").asText()),
                            disclosure.path("purposeStatement").asText(null))));
                }
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot read undecided entries", e);
        }
        return result;
    }

    /** Appends the decisions of an undecided entry; false if another replica settled it first. */
    public boolean settle(long leafIndex, List<Decision> decisions) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                lock.execute();
            }
            try (PreparedStatement check = c.prepareStatement(
                    "SELECT 1 FROM entry_decision WHERE leaf_index = ? LIMIT 1")) {
                check.setLong(1, leafIndex);
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        c.rollback();
                        return false;
                    }
                }
            }
            CopyRows rows = new CopyRows();
            decisions.forEach(d -> DecisionRows.add(rows, leafIndex, d));
            StatsRollup.settling(c, leafIndex, () -> rows.copyInto(c, DecisionRows.TARGET));
            c.commit();
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot settle leaf " + leafIndex, e);
        }
    }
}
