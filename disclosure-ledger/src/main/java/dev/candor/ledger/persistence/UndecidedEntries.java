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
import org.jboss.logging.Logger;

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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/** Entries recorded UNDECIDED that have no decisions yet, and the appending of their decisions. */
@ApplicationScoped
public class UndecidedEntries {

    private static final Logger LOG = Logger.getLogger(UndecidedEntries.class);

    /** Key of the lock each settling transaction takes: an entry is settled at most once, whoever races for it. */
    static final long LOCK_KEY = 0x63616e646f73L;
    /** Key of the lock a whole settlement round holds, so that replicas do not ask about the same entries. */
    public static final long ROUND_LOCK_KEY = 0x63616e646f53L;

    /** An entry waiting for its decisions, and the question to ask about it. */
    public record Undecided(long leafIndex, ConsentDecisions.Question question) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /**
     * Runs a settlement round unless another replica is running one (then 0, and nothing is asked twice). The lock
     * is a session's, held on a connection of its own for the round and released when the round ends: a replica that
     * dies releases it with its connection. Not a transaction's: the connection would sit idle inside a transaction
     * for the whole round, and the ledger's sessions end after 2 minutes of that (application.properties).
     */
    public int asTheOnlySettler(IntSupplier round) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, ROUND_LOCK_KEY);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return 0;
                    }
                }
            }
            try {
                return round.getAsInt();
            } finally {
                try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, ROUND_LOCK_KEY);
                    unlock.execute();
                } catch (SQLException e) {
                    // a connection lost: the server released the lock with it
                    LOG.debugf("could not release the settlement round's lock: %s", e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the settlement round's lock", e);
        }
    }

    /** Up to {@code limit} entries waiting, after the leaf index {@code after}, in leaf order (keyset pages). */
    public List<Undecided> waiting(long after, int limit) {
        List<Undecided> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT e.leaf_index, e.content,
                       (SELECT array_agg(DISTINCT s.subject_type || ':' || s.subject_id) FROM entry_subject s
                         WHERE s.leaf_index = e.leaf_index)
                FROM entry e
                WHERE e.flags <> '{}' AND e.flags @> ARRAY['UNDECIDED'] AND e.leaf_index > ?
                  AND e.content IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM entry_decision d WHERE d.leaf_index = e.leaf_index)
                ORDER BY e.leaf_index LIMIT ?""")) {
            // flags <> '{}' says what the partial index entry_flagged covers, so pages walk it in leaf order
            ps.setLong(1, after);
            ps.setInt(2, limit);
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

    /**
     * Appends the decisions of undecided entries, in one transaction; an entry another replica settled first is
     * left as it is. Entries without decisions are skipped.
     *
     * @return how many entries were settled
     */
    public int settle(Map<Long, List<Decision>> decided) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, LOCK_KEY);
                lock.execute();
            }
            Set<Long> fresh = new TreeSet<>();
            decided.forEach((leaf, decisions) -> {
                if (!decisions.isEmpty()) {
                    fresh.add(leaf);
                }
            });
            try (PreparedStatement check = c.prepareStatement(
                    "SELECT DISTINCT leaf_index FROM entry_decision WHERE leaf_index = ANY (?)")) {
                check.setArray(1, c.createArrayOf("bigint", fresh.toArray()));
                try (ResultSet rs = check.executeQuery()) {
                    while (rs.next()) {
                        fresh.remove(rs.getLong(1));
                    }
                }
            }
            if (fresh.isEmpty()) {
                c.rollback();
                return 0;
            }
            CopyRows rows = new CopyRows();
            fresh.forEach(leaf -> decided.get(leaf).forEach(d -> DecisionRows.add(rows, leaf, d)));
            StatsRollup.settling(c, fresh, () -> rows.copyInto(c, DecisionRows.TARGET));
            c.commit();
            return fresh.size();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot settle " + decided.size() + " entries", e);
        }
    }
}
