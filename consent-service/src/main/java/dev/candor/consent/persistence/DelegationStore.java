package dev.candor.consent.persistence;

import dev.candor.consent.domain.Delegation;
import dev.candor.consent.domain.DelegationKind;
import dev.candor.consent.domain.DelegationScope;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Delegations and their versions (append-only; the database refuses UPDATE and DELETE). */
@ApplicationScoped
public class DelegationStore extends VersionedStore<Delegation> {

    private static final String COLUMNS = """
            SELECT DISTINCT ON (v.delegation_id) d.id, d.patient_id, d.delegate_subject, d.created_at, v.version,
                   v.status, v.kind, v.scopes, v.delegate_name, v.valid_from, v.valid_until, v.reason, v.recorded_at,
                   v.recorded_by, v.actor_role
              FROM delegation d JOIN delegation_version v ON v.delegation_id = d.id
            """;

    DelegationStore() {
        super("delegation", COLUMNS, "v.delegation_id");
    }

    public void insert(Delegation d) {
        jdbc.update("the delegation", "INSERT INTO delegation (id, patient_id, delegate_subject, created_at) "
                + "VALUES (?, ?, ?, ?)", (c, ps) -> {
            ps.setObject(1, d.id());
            ps.setString(2, d.patientId());
            ps.setString(3, d.delegateSubject());
            Sql.setInstant(ps, 4, d.recordedAt());
        });
        insertVersion(d);
    }

    public void insertVersion(Delegation d) {
        jdbc.update("the delegation version", """
                INSERT INTO delegation_version (id, delegation_id, version, status, kind, scopes, delegate_name,
                    valid_from, valid_until, reason, recorded_at, recorded_by, actor_role)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, (c, ps) -> {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, d.id());
            ps.setInt(3, d.version());
            ps.setString(4, d.status().name());
            ps.setString(5, d.kind().name());
            ps.setArray(6, c.createArrayOf("text", d.scopes().stream().map(Enum::name).sorted().toArray()));
            ps.setString(7, d.delegateName());
            Sql.setInstant(ps, 8, d.validFrom());
            Sql.setInstant(ps, 9, d.validUntil());
            ps.setString(10, d.reason());
            Sql.setInstant(ps, 11, d.recordedAt());
            ps.setString(12, d.recordedBy());
            ps.setString(13, d.actorRole());
        });
    }

    /** The latest version, with the delegation locked until the transaction ends (versions are written one at a time). */
    public Optional<Delegation> latestForUpdate(UUID id) {
        lock(id.toString());
        return latest(id);
    }

    /** Each delegation of the patient (or, with {@code patientId} null, of the delegate): its latest version by asOf. */
    public List<Delegation> latestOf(String patientId, String delegateSubject, Instant asOf) {
        String where = (patientId != null ? "d.patient_id = ?" : "d.delegate_subject = ?")
                + (delegateSubject != null && patientId != null ? " AND d.delegate_subject = ?" : "")
                + (asOf != null ? " AND v.recorded_at <= ?" : "");
        return latestWhere("delegations", where, (c, ps) -> {
            int i = 1;
            if (patientId != null) {
                ps.setString(i++, patientId);
            }
            if (delegateSubject != null) {
                ps.setString(i++, delegateSubject);
            }
            if (asOf != null) {
                Sql.setInstant(ps, i, asOf);
            }
        }).stream().sorted(Comparator.comparing(Delegation::validFrom)
                .thenComparing(d -> d.id().toString())).toList();
    }

    @Override
    Delegation row(ResultSet rs) throws SQLException {
        EnumSet<DelegationScope> scopes = EnumSet.noneOf(DelegationScope.class);
        Arrays.stream((String[]) rs.getArray("scopes").getArray()).map(DelegationScope::valueOf).forEach(scopes::add);
        return new Delegation(rs.getObject("id", UUID.class), rs.getString("patient_id"),
                rs.getString("delegate_subject"), rs.getInt("version"),
                Delegation.Status.valueOf(rs.getString("status")), DelegationKind.valueOf(rs.getString("kind")),
                scopes, rs.getString("delegate_name"), Sql.getInstant(rs, "valid_from"),
                Sql.getInstant(rs, "valid_until"), rs.getString("reason"), Sql.getInstant(rs, "recorded_at"),
                rs.getString("recorded_by"), rs.getString("actor_role"));
    }
}
