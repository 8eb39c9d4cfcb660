package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.consent.domain.DataPeriod;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.Provision;
import dev.candor.consent.domain.Recipient;
import dev.candor.consent.domain.SubjectRef;
import dev.candor.common.persistence.GroupCommit;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps every decision, by group commit: the rows of all calls that arrive while the previous commit runs go in one
 * JDBC batch (rewritten by the driver into multi-row INSERTs, see {@code reWriteBatchedInserts}) and one
 * transaction, so concurrent callers share a durable commit. A call returns once its rows are committed.
 */
@ApplicationScoped
public class DecisionStore {

    /**
     * One decision row.
     *
     * @param subject  null for the row of the request as a whole
     * @param document   the decision as answered, JSON, on the request's row (null on the subjects' rows)
     * @param dataPeriod the period of the data the request said it discloses; null when it did not say
     */
    public record Row(UUID id, UUID overallId, SubjectRef subject, Provision.Effect decision, LegalBasis legalBasis,
                      UUID consentId, Integer consentVersion, Purpose purpose, Recipient recipient,
                      Set<DataCategory> categories, Instant decisionTime, Instant decidedAt, String requestedBy,
                      String requesterSubject, PolicyProfile policyProfile, boolean breakGlass,
                      boolean reviewRequired, Instant validUntil, String statedReason, String document,
                      DataPeriod dataPeriod) {
    }

    private static final String INSERT = """
            INSERT INTO decision (id, overall_id, subject_type, subject_id, decision, legal_basis, consent_id,
                                  consent_version, purpose, recipient_id, recipient_type, categories, decision_time,
                                  decided_at, requested_by, requester_subject, policy_profile, break_glass,
                                  review_required, valid_until, stated_reason, document, data_start, data_end)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    /** Rows per commit at most; a call with more (a 10,000-subject dataset) is committed alone. */
    private static final int MAX_BATCH_ROWS = 5_000;

    @Inject
    AgroalDataSource dataSource;

    private GroupCommit<List<Row>, Boolean> writer;

    void start(@Observes StartupEvent event) {
        writer = new GroupCommit<>("decision-writer", MAX_BATCH_ROWS, List::size, this::commit);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        writer.stop();
    }

    /** Records the rows of one call; returns once they are committed. */
    public void insert(List<Row> rows) {
        try {
            writer.submit(rows).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not record the decisions", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("recording the decisions took more than 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the decisions", e);
        }
    }

    private List<Boolean> commit(List<List<Row>> calls) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(false);
            try {
                for (List<Row> rows : calls) {
                    add(connection, ps, rows);
                }
                ps.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return calls.stream().map(c -> Boolean.TRUE).toList();
    }

    private static void add(Connection connection, PreparedStatement ps, List<Row> rows) throws SQLException {
        for (Row row : rows) {
            ps.setObject(1, row.id());
            ps.setObject(2, row.overallId());
            ps.setString(3, row.subject() == null ? null : row.subject().type().name());
            ps.setString(4, row.subject() == null ? null : row.subject().id());
            ps.setString(5, row.decision().name());
            ps.setString(6, row.legalBasis().name());
            ps.setObject(7, row.consentId());
            if (row.consentVersion() == null) {
                ps.setNull(8, Types.INTEGER);
            } else {
                ps.setInt(8, row.consentVersion());
            }
            ps.setString(9, row.purpose().name());
            ps.setString(10, row.recipient().id());
            ps.setString(11, row.recipient().type().name());
            ps.setArray(12, connection.createArrayOf("text",
                    row.categories().stream().map(Enum::name).toArray(String[]::new)));
            Sql.setInstant(ps, 13, row.decisionTime());
            Sql.setInstant(ps, 14, row.decidedAt());
            ps.setString(15, row.requestedBy());
            ps.setString(16, row.requesterSubject());
            ps.setString(17, row.policyProfile() == null ? null : row.policyProfile().name());
            ps.setBoolean(18, row.breakGlass());
            ps.setBoolean(19, row.reviewRequired());
            Sql.setInstant(ps, 20, row.validUntil());
            ps.setString(21, row.statedReason());
            ps.setString(22, row.document());
            Sql.setInstant(ps, 23, row.dataPeriod() == null ? null : row.dataPeriod().start());
            Sql.setInstant(ps, 24, row.dataPeriod() == null ? null : row.dataPeriod().end());
            ps.addBatch();
        }
    }
}
