package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.DirectiveCodec;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveSnapshot;
import dev.candor.consent.domain.DirectiveStatus;
import dev.candor.consent.domain.SubjectRef;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Loads what the decision engine needs about subjects' directives: one query for all subjects of a request. */
@ApplicationScoped
public class DirectiveSnapshots {

    /**
     * Per directive the latest version recorded by the time asked for (DISTINCT ON over the (directive_id, version)
     * index), keeping only versions in force then; found through the index on the directive's subject.
     */
    private static final String IN_FORCE = """
            SELECT subject_type, subject_id, directive_id, kind, version, status, recorded_at, expires_at, provisions
              FROM (SELECT DISTINCT ON (v.directive_id)
                           d.subject_type, d.subject_id, d.created_at, v.directive_id, d.kind, v.version, v.status,
                           v.recorded_at, v.expires_at, v.provisions
                      FROM directive d
                      JOIN directive_version v ON v.directive_id = d.id
                     WHERE (d.subject_type, d.subject_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
                       AND v.recorded_at <= ?
                     ORDER BY v.directive_id, v.version DESC) latest
             WHERE status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > ?)
             ORDER BY created_at, directive_id
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DirectiveCodec codec;

    /** The directives in force at {@code time} for each subject (subjects without any are absent from the map). */
    public Map<SubjectRef, List<DirectiveSnapshot>> inForce(Collection<SubjectRef> subjects, Instant time) {
        Map<SubjectRef, List<DirectiveSnapshot>> result = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(IN_FORCE)) {
            Sql.setSubjects(connection, ps, 1, subjects);
            Sql.setInstant(ps, 3, time);
            Sql.setInstant(ps, 4, time);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SubjectRef subject = new SubjectRef(SubjectType.valueOf(rs.getString("subject_type")),
                            rs.getString("subject_id"));
                    result.computeIfAbsent(subject, s -> new ArrayList<>()).add(new DirectiveSnapshot(
                            rs.getObject("directive_id", UUID.class), rs.getInt("version"),
                            DirectiveKind.valueOf(rs.getString("kind")),
                            DirectiveStatus.valueOf(rs.getString("status")), Sql.getInstant(rs, "recorded_at"),
                            Sql.getInstant(rs, "expires_at"), codec.readProvisions(rs.getString("provisions"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not load directives", e);
        }
        return result;
    }
}
