package dev.candor.ledger.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.ledger.api.DisclosureRequest;
import dev.candor.ledger.domain.RecordedDisclosure;
import dev.candor.ledger.domain.Visibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Plain JDBC: the ledger's writes are append-only and its reads are scoped queries, no ORM needed. */
@ApplicationScoped
public class DisclosureStore {

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public RecordedDisclosure append(RecordedDisclosure disclosure) {
        String insert = """
                INSERT INTO disclosure (id, recorded_at, occurred_at, discloser_org, discloser_client, recipient_id,
                                        recipient_type, purpose, entry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING position""";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long position;
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                DisclosureRequest e = disclosure.entry();
                ps.setObject(1, disclosure.id());
                ps.setTimestamp(2, Timestamp.from(disclosure.recordedAt()));
                ps.setTimestamp(3, Timestamp.from(e.occurredAt()));
                ps.setString(4, disclosure.discloserOrg());
                ps.setString(5, disclosure.discloserClient());
                ps.setString(6, e.recipient().id());
                ps.setString(7, e.recipient().type().name());
                ps.setString(8, e.purpose().name());
                ps.setString(9, json.writeValueAsString(e));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    position = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO disclosure_subject (disclosure_id, subject_type, subject_id) VALUES (?, ?, ?)"
                            + " ON CONFLICT DO NOTHING")) {
                for (DisclosureRequest.Subject s : disclosure.entry().subjects()) {
                    ps.setObject(1, disclosure.id());
                    ps.setString(2, s.type().name());
                    ps.setString(3, s.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            return new RecordedDisclosure(disclosure.id(), position, disclosure.recordedAt(),
                    disclosure.discloserOrg(), disclosure.discloserClient(), disclosure.entry());
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not append disclosure " + disclosure.id(), e);
        }
    }

    public Optional<RecordedDisclosure> find(UUID id, Visibility visibility) {
        List<RecordedDisclosure> found = query(visibility, "d.id = ?", List.of(id), 1);
        return found.stream().findFirst();
    }

    /** Entries visible under {@code visibility}, optionally about one subject, after a position, oldest first. */
    public List<RecordedDisclosure> page(Visibility visibility, String subjectId, long after, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("d.position > ?");
        args.add(after);
        if (subjectId != null) {
            where.append(" AND EXISTS (SELECT 1 FROM disclosure_subject s WHERE s.disclosure_id = d.id"
                    + " AND s.subject_id = ?)");
            args.add(subjectId);
        }
        return query(visibility, where.toString(), args, limit);
    }

    private List<RecordedDisclosure> query(Visibility visibility, String condition, List<Object> args, int limit) {
        if (visibility.nothing()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(args);
        StringBuilder sql = new StringBuilder("SELECT d.id, d.position, d.recorded_at, d.discloser_org,"
                + " d.discloser_client, d.entry FROM disclosure d WHERE (").append(condition).append(")");
        if (!visibility.everything()) {
            List<String> scopes = new ArrayList<>();
            if (visibility.discloserOrg() != null) {
                scopes.add("d.discloser_org = ?");
                params.add(visibility.discloserOrg());
            }
            if (!visibility.patients().isEmpty()) {
                scopes.add("EXISTS (SELECT 1 FROM disclosure_subject s WHERE s.disclosure_id = d.id"
                        + " AND s.subject_type = 'PATIENT' AND s.subject_id = ANY (?))");
                params.add(visibility.patients().toArray(String[]::new));
            }
            if (visibility.provider() != null) {
                scopes.add("EXISTS (SELECT 1 FROM disclosure_subject s WHERE s.disclosure_id = d.id"
                        + " AND s.subject_type = 'PROVIDER' AND s.subject_id = ?)");
                params.add(visibility.provider());
            }
            sql.append(" AND (").append(String.join(" OR ", scopes)).append(")");
        }
        sql.append(" ORDER BY d.position LIMIT ?");
        params.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof String[] array) {
                    ps.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            List<RecordedDisclosure> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new RecordedDisclosure(rs.getObject(1, UUID.class), rs.getLong(2),
                            rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5),
                            json.readValue(rs.getString(6), DisclosureRequest.class)));
                }
            }
            return result;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("ledger query failed", e);
        }
    }
}
