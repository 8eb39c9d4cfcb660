package dev.candor.consent.persistence;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.consent.domain.DataPeriod;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.Provision;
import dev.candor.consent.domain.Recipient;
import dev.candor.consent.domain.SubjectRef;
import dev.candor.common.persistence.CopyRows;
import dev.candor.common.persistence.GroupCommit;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps every decision, by group commit: the rows of all calls that arrive while the previous commit runs go in one
 * COPY ({@link CopyRows}) and one transaction, so concurrent callers share a durable commit. A call returns once its
 * rows are committed.
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

    private static final String TARGET = """
            decision (id, overall_id, subject_type, subject_id, decision, legal_basis, consent_id, consent_version,
                      purpose, recipient_id, recipient_type, categories, decision_time, decided_at, requested_by,
                      requester_subject, policy_profile, break_glass, review_required, valid_until, stated_reason,
                      document, data_start, data_end)""";

    /** Rows per commit at most; a call with more (a 10,000-subject dataset) is committed alone. */
    private static final int MAX_BATCH_ROWS = 5_000;

    @Inject
    AgroalDataSource dataSource;

    /**
     * How long a caller waits for its rows' commit. The rows stay queued after that and may still be committed, so the
     * caller is told the outcome is unknown (503, to ask again), not that it failed.
     */
    Duration commitWait = Duration.ofSeconds(30);

    /** One call's rows, encoded for COPY on the caller's thread. */
    private record Encoded(byte[] data, int rows) {
        static Encoded of(List<Row> rows) {
            CopyRows copy = new CopyRows();
            rows.forEach(row -> add(copy, row));
            return new Encoded(copy.encoded(), rows.size());
        }
    }

    private GroupCommit<Encoded, Boolean> writer;

    void start(@Observes StartupEvent event) {
        writer = new GroupCommit<>("decision-writer", MAX_BATCH_ROWS, Encoded::rows, this::commit);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        writer.stop();
    }

    /**
     * Records the rows of one call; completes once they are committed, or exceptionally: with the 503 of
     * {@link #outcomeUnknown} after {@link #commitWait}.
     */
    public CompletableFuture<Boolean> insertLater(List<Row> rows) {
        return writer.submit(Encoded.of(rows)).orTimeout(commitWait.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException
                            && failure.getCause() != null ? failure.getCause() : failure;
                    return CompletableFuture.failedFuture(cause instanceof TimeoutException ? outcomeUnknown()
                            : new IllegalStateException("could not record the decisions", cause));
                });
    }

    /**
     * The answer when the commit did not come in time: the rows are still queued and may be committed later, so the
     * decision may or may not be kept — a 500 would say it failed. The caller asks again (a decision is cheap, and
     * the ledger settles an undecided entry later); a second kept decision is the price of not knowing.
     */
    private ProblemException outcomeUnknown() {
        return new ProblemException(ProblemType.UNAVAILABLE, "the decision was taken but not recorded within "
                + commitWait.toSeconds() + " s; it may still be recorded, so its outcome is unknown: ask again");
    }

    /** Records the rows of one call; returns once they are committed (see {@link #outcomeUnknown} otherwise). */
    public void insert(List<Row> rows) {
        try {
            writer.submit(Encoded.of(rows)).get(commitWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not record the decisions", e.getCause());
        } catch (TimeoutException e) {
            throw outcomeUnknown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the decisions", e);
        }
    }

    /**
     * The writer's part, which every caller waits for: the callers' rows, encoded on their own threads, go in one COPY.
     * One statement, so autocommit is its transaction — one round trip to PostgreSQL instead of COPY, then COMMIT.
     */
    private List<Boolean> commit(List<Encoded> calls) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            CopyRows.copyInto(connection, TARGET, calls.stream().map(Encoded::data).toList());
        }
        return calls.stream().map(c -> Boolean.TRUE).toList();
    }

    private static void add(CopyRows copy, Row row) {
        copy.value(row.id()).value(row.overallId())
                .text(row.subject() == null ? null : row.subject().type().name())
                .text(row.subject() == null ? null : row.subject().id())
                .value(row.decision()).value(row.legalBasis()).value(row.consentId()).value(row.consentVersion())
                .value(row.purpose()).text(row.recipient().id()).value(row.recipient().type())
                .array(row.categories().stream().map(Enum::name).toList())
                .instant(row.decisionTime()).instant(row.decidedAt()).text(row.requestedBy())
                .text(row.requesterSubject()).value(row.policyProfile()).value(row.breakGlass())
                .value(row.reviewRequired()).instant(row.validUntil()).text(row.statedReason()).text(row.document())
                .instant(row.dataPeriod() == null ? null : row.dataPeriod().start())
                .instant(row.dataPeriod() == null ? null : row.dataPeriod().end())
                .endRow();
    }
}
