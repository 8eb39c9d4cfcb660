package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.Relation;
import dev.candor.consent.domain.SubjectRef;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Care and business relations and their versions (append-only; the database refuses UPDATE and DELETE). */
@ApplicationScoped
public class RelationStore extends VersionedStore<Relation> {

    private static final String COLUMNS = """
            SELECT DISTINCT ON (v.relation_id) r.id, r.kind, r.subject_type, r.subject_id, r.party_id, v.version,
                   v.status, v.reason, v.recorded_at, v.recorded_by, v.actor_role
              FROM relation r JOIN relation_version v ON v.relation_id = r.id
            """;

    /** Of these subjects, those with a relation of the kind to the party that is active at the time: one query. */
    private static final String RELATED = """
            SELECT subject_type, subject_id FROM (
                SELECT DISTINCT ON (v.relation_id) r.subject_type, r.subject_id, v.status
                  FROM relation r JOIN relation_version v ON v.relation_id = r.id
                 WHERE r.kind = ? AND r.party_id = ?
                   AND (r.subject_type, r.subject_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
                   AND v.recorded_at <= ?
                 ORDER BY v.relation_id, v.version DESC) latest
             WHERE status = 'ACTIVE'
            """;

    RelationStore() {
        super("relation", COLUMNS, "v.relation_id");
    }

    public void insert(Relation r) {
        jdbc.update("the relation", "INSERT INTO relation (id, kind, subject_type, subject_id, party_id, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", (c, ps) -> {
            ps.setObject(1, r.id());
            ps.setString(2, r.kind().name());
            ps.setString(3, r.subject().type().name());
            ps.setString(4, r.subject().id());
            ps.setString(5, r.partyId());
            Sql.setInstant(ps, 6, r.recordedAt());
        });
        insertVersion(r);
    }

    public void insertVersion(Relation r) {
        jdbc.update("the relation version", "INSERT INTO relation_version (id, relation_id, version, status, reason, "
                + "recorded_at, recorded_by, actor_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (c, ps) -> {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, r.id());
            ps.setInt(3, r.version());
            ps.setString(4, r.status().name());
            ps.setString(5, r.reason());
            Sql.setInstant(ps, 6, r.recordedAt());
            ps.setString(7, r.recordedBy());
            ps.setString(8, r.actorRole());
        });
    }

    /**
     * Each relation of a subject (or, with {@code subject} null, of a party), its latest version recorded by
     * {@code asOf} (all versions when null).
     */
    public List<Relation> latestOf(SubjectRef subject, String partyId, Instant asOf) {
        String where = (subject != null ? "r.subject_type = ? AND r.subject_id = ?" : "r.party_id = ?")
                + (asOf != null ? " AND v.recorded_at <= ?" : "");
        return latestWhere("relations", where, (c, ps) -> {
            int i = 1;
            if (subject != null) {
                ps.setString(i++, subject.type().name());
                ps.setString(i++, subject.id());
            } else {
                ps.setString(i++, partyId);
            }
            if (asOf != null) {
                Sql.setInstant(ps, i, asOf);
            }
        });
    }

    public Set<SubjectRef> related(Relation.Kind kind, String partyId, Collection<SubjectRef> subjects, Instant at) {
        return new HashSet<>(jdbc.query("relations", RELATED, (c, ps) -> {
            ps.setString(1, kind.name());
            ps.setString(2, partyId);
            Sql.setSubjects(c, ps, 3, subjects);
            Sql.setInstant(ps, 5, at);
        }, rs -> new SubjectRef(SubjectType.valueOf(rs.getString(1)), rs.getString(2))));
    }

    @Override
    Relation row(ResultSet rs) throws SQLException {
        return new Relation(rs.getObject("id", UUID.class), Relation.Kind.valueOf(rs.getString("kind")),
                new SubjectRef(SubjectType.valueOf(rs.getString("subject_type")), rs.getString("subject_id")),
                rs.getString("party_id"), rs.getInt("version"), Relation.Status.valueOf(rs.getString("status")),
                rs.getString("reason"), Sql.getInstant(rs, "recorded_at"), rs.getString("recorded_by"),
                rs.getString("actor_role"));
    }
}
