package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.PolicyProfile;
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
import java.util.List;
import java.util.Optional;

/** The per-subject policy profile settings: an append-only history, the latest row by time T in force at T. */
@ApplicationScoped
public class SubjectProfiles {

    /** One setting; {@code profile} null means "back to the deployment default". */
    public record Setting(SubjectRef subject, PolicyProfile profile, Instant setAt, String setBy) {
    }

    private static final String AT = """
            SELECT DISTINCT ON (subject_type, subject_id) subject_type, subject_id, profile, set_at, set_by
              FROM subject_policy_profile
             WHERE (subject_type, subject_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
               AND set_at <= ?
             ORDER BY subject_type, subject_id, set_at DESC, seq DESC
            """;

    private static final String APPEND = """
            INSERT INTO subject_policy_profile (subject_type, subject_id, profile, set_at, set_by) VALUES (?, ?, ?, ?, ?)
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SubjectConsentCache consents;

    /** The latest setting for a subject, if one was ever made. */
    public Optional<Setting> current(SubjectRef subject) {
        return settingsAt(List.of(subject), Instant.now()).stream().findFirst();
    }

    public void append(Setting setting) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(APPEND)) {
            ps.setString(1, setting.subject().type().name());
            ps.setString(2, setting.subject().id());
            ps.setString(3, setting.profile() == null ? null : setting.profile().name());
            Sql.setInstant(ps, 4, setting.setAt());
            ps.setString(5, setting.setBy());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the policy profile", e);
        }
        consents.forgetOnCommit(setting.subject());
    }

    private List<Setting> settingsAt(Collection<SubjectRef> subjects, Instant time) {
        List<Setting> settings = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(AT)) {
            Sql.setSubjects(connection, ps, 1, subjects);
            Sql.setInstant(ps, 3, time);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String profile = rs.getString("profile");
                    settings.add(new Setting(new SubjectRef(SubjectType.valueOf(rs.getString("subject_type")),
                            rs.getString("subject_id")), profile == null ? null : PolicyProfile.valueOf(profile),
                            Sql.getInstant(rs, "set_at"), rs.getString("set_by")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read policy profiles", e);
        }
        return settings;
    }
}
