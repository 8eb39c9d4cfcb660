package dev.candor.ledger.api;

import dev.candor.common.validation.Identifier;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.security.DelegationRecords;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.domain.DisclosureLedger;
import dev.candor.ledger.domain.EntryFilter;
import dev.candor.ledger.domain.EntryRecord;
import dev.candor.ledger.domain.Flag;
import dev.candor.ledger.domain.IntegrationWatch;
import dev.candor.ledger.domain.Proofs;
import dev.candor.ledger.domain.SequencedEntry;
import dev.candor.ledger.domain.Visibility;
import dev.candor.ledger.persistence.EntryQueries;
import dev.candor.ledger.persistence.IdempotencyConflict;
import dev.candor.ledger.persistence.TreeStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

@Path("/api/v1/disclosures")
@Tag(name = "Disclosures")
public class DisclosureResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DisclosureResource.class);

    /** How long {@code ?wait=true} waits for the covering checkpoint before answering without it. */
    static final Duration WAIT_FOR_CHECKPOINT = Duration.ofSeconds(10);

    @Inject
    DisclosureLedger ledger;

    @Inject
    EntryQueries queries;

    @Inject
    Proofs proofs;

    @Inject
    TreeStore tree;

    @Inject
    IntegrationWatch watch;

    @Inject
    CurrentCaller caller;

    @Inject
    ManagedExecutor executor;

    @Inject
    DelegationRecords delegations;

    @POST
    @RolesAllowed({Caller.DISCLOSER, Caller.ADMIN, Caller.SERVICE})
    @Operation(summary = "Record a disclosure that happened — permitted or not: the ledger never refuses one",
            description = "Durable on return. The ledger asks consent-service for a decision per subject and flags"
                    + " UNAUTHORIZED what nothing covered, UNDECIDED if consent-service could not answer."
                    + " Idempotency-Key: a retry returns the original result; the same key with another body is a"
                    + " 422. wait=true: answer once a signed checkpoint covers the entry, with its proof.")
    public CompletionStage<RestResponse<RecordedView>> record(
            @NotNull @Valid DisclosureRequest request,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "[\\x21\\x22\\x24-\\x7e]{1,128}") String idempotencyKey,
            @QueryParam("wait") @DefaultValue("false") boolean wait) {
        return ledger.record(caller.get(), request, idempotencyKey)
                .thenCompose(entries -> respond(entries.get(0), wait))
                // Built off the request thread: a relative Location would need the request context.
                .thenApply(view -> RestResponse.ResponseBuilder.<RecordedView>create(RestResponse.Status.CREATED)
                        .header("Location", "/api/v1/disclosures/" + view.id()).entity(view)
                        .type(MediaType.APPLICATION_JSON).build())
                .exceptionally(DisclosureResource::rethrow);
    }

    @POST
    @Path("/batch")
    @RolesAllowed({Caller.DISCLOSER, Caller.ADMIN})
    @Operation(summary = "Record up to 1000 disclosures at once, all or nothing")
    public CompletionStage<RestResponse<List<RecordedView>>> recordBatch(
            @NotNull @Valid BatchRequest batch,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = "[\\x21\\x22\\x24-\\x7e]{1,128}") String idempotencyKey) {
        return ledger.recordBatch(caller.get(), batch.entries(), idempotencyKey)
                .thenApply(entries -> RestResponse.ResponseBuilder.<List<RecordedView>>create(
                                RestResponse.Status.CREATED).entity(entries.stream().map(RecordedView::of).toList())
                        .type(MediaType.APPLICATION_JSON).build())
                .exceptionally(DisclosureResource::rethrow);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.REGULATOR,
            Caller.ADMIN})
    @Operation(summary = "Read one disclosure the caller may see; proof=true adds what offline verification needs")
    public DisclosureView get(@PathParam("id") UUID id, @QueryParam("proof") @DefaultValue("false") boolean proof) {
        EntryRecord entry = queries.byId(id, visibility())
                .orElseThrow(() -> ProblemException.notFound("disclosure " + id));
        DisclosureView view = DisclosureView.of(entry);
        if (!proof) {
            return view;
        }
        return tree.latestCheckpoint().filter(c -> c.treeSize() > entry.leafIndex())
                .map(c -> view.withProof(entry, ProofView.of(proofs.inclusion(entry.leafIndex(), c.treeSize())),
                        c.note()))
                .orElse(view.withProof(entry, null, null));
    }

    @GET
    @RolesAllowed({Caller.PATIENT, Caller.DELEGATE, Caller.THERAPIST, Caller.DISCLOSER, Caller.REGULATOR,
            Caller.ADMIN})
    @Operation(summary = "The disclosures the caller may see, oldest first, with filters (keyset pagination)")
    public DisclosurePage list(@QueryParam("subject") @Size(min = 1, max = 128) @Identifier String subject,
                               @Parameter(description = "with subject: only entries about a subject of this type")
                               @QueryParam("subjectType") SubjectType subjectType,
                               @QueryParam("recipient") @Size(min = 1, max = 128) @Identifier String recipient,
                               @QueryParam("purpose") Purpose purpose,
                               @QueryParam("category") DataCategory category,
                               @QueryParam("flag") Flag flag,
                               @QueryParam("from") Instant from,
                               @QueryParam("to") Instant to,
                               @QueryParam("after") @DefaultValue("-1") @Min(-1) long after,
                               @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
                               @Parameter(description = "a signed tree size: list only entries inside it, each with"
                                       + " salt, leaf data and its inclusion proof in that size (for reports)")
                               @QueryParam("proofsAt") @Min(1) Long proofsAt) {
        Visibility visibility = visibility();
        if (subject != null && !visibility.mayName(subject)) {
            throw ProblemException.forbidden("the caller may not query disclosures about " + subject);
        }
        if (subjectType != null && subject == null) {
            throw ProblemException.validation("subjectType", "needs subject");
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw ProblemException.validation("to", "must be after from");
        }
        if (proofsAt != null && proofsAt > proofs.signedSize(proofsAt)) {
            throw ProblemException.validation("proofsAt", "must be a signed tree size, at most "
                    + proofs.signedSize(proofsAt));
        }
        EntryQueries.Page page = queries.page(visibility,
                new EntryFilter(subjectType, subject, recipient, purpose, category, from, to, flag), after,
                proofsAt == null ? Long.MAX_VALUE : proofsAt, limit);
        List<EntryRecord> records = page.entries();
        Long next = page.more() && !records.isEmpty() ? records.get(records.size() - 1).leafIndex() : null;
        if (proofsAt == null) {
            return new DisclosurePage(records.stream().map(DisclosureView::of).toList(), next);
        }
        // The query stopped at the tree size (before = proofsAt): every entry here has a proof in it.
        List<Proofs.InclusionProof> inclusion = proofs.inclusionAll(
                records.stream().map(EntryRecord::leafIndex).toList(), proofsAt);
        List<DisclosureView> items = new java.util.ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            items.add(DisclosureView.of(records.get(i)).withProof(records.get(i), ProofView.of(inclusion.get(i)),
                    null));
        }
        return new DisclosurePage(items, next);
    }

    private CompletionStage<RecordedView> respond(SequencedEntry entry, boolean wait) {
        RecordedView view = RecordedView.of(entry);
        if (!wait) {
            return CompletableFuture.completedFuture(view);
        }
        // The entry is committed by now: whatever goes wrong from here on, the answer is 201 with integrated=false
        // (the proof can be fetched later). An error here would tell a client without an Idempotency-Key to record
        // the disclosure again.
        CompletableFuture<RecordedView> proven = new CompletableFuture<>();
        try {
            watch.awaitIntegrated(entry.leafIndex(), WAIT_FOR_CHECKPOINT).whenComplete((treeSize, waited) -> {
                if (waited != null) {
                    proven.completeExceptionally(waited);
                    return;
                }
                try {
                    executor.execute(() -> {
                        try {
                            TreeStore.StoredCheckpoint checkpoint = tree.checkpointAt(treeSize).orElseThrow(
                                    () -> new IllegalStateException("checkpoint " + treeSize + " vanished"));
                            proven.complete(view.withProof(
                                    ProofView.of(proofs.inclusion(entry.leafIndex(), treeSize)), checkpoint.note()));
                        } catch (RuntimeException e) {
                            proven.completeExceptionally(e);
                        }
                    });
                } catch (RuntimeException rejected) {
                    proven.completeExceptionally(rejected); // shutting down
                }
            });
        } catch (RuntimeException e) {
            proven.completeExceptionally(e);
        }
        return proven.exceptionally(failure -> {
            if (!(unwrap(failure) instanceof TimeoutException)) {
                LOG.warnf(unwrap(failure), "entry %d is recorded; its proof could not be given now",
                        entry.leafIndex());
            }
            return view; // durable, just not shown covered by a checkpoint: integrated=false says so
        });
    }

    static <T> T rethrow(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof IdempotencyConflict conflict) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, conflict.getMessage());
        }
        if (cause instanceof ProblemException problem) {
            throw problem;
        }
        if (cause instanceof Exception) {
            // A lost database connection or a failed commit (SQLException) included: whether it was committed is
            // unknown, and a retry with the same Idempotency-Key returns the original if it was.
            LOG.errorf(cause, "recording failed");
            throw new ProblemException(ProblemType.UNAVAILABLE,
                    "the disclosure could not be recorded now; retry with the same Idempotency-Key");
        }
        throw new CompletionException(cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private Visibility visibility() {
        Caller who = caller.get();
        return Visibility.of(who, delegations.patientsReadableBy(who));
    }
}
