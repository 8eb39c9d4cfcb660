package dev.candor.ledger.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.ledger.domain.EntryRecord;
import dev.candor.ledger.domain.LedgerAudit;
import dev.candor.ledger.domain.Visibility;
import dev.candor.ledger.persistence.EntryQueries;
import dev.candor.ledger.domain.Proofs;
import dev.candor.ledger.persistence.Erasures;
import dev.candor.ledger.persistence.LedgerStats;
import dev.candor.ledger.persistence.StatsRollup;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

@Path("/api/v1/admin")
@Tag(name = "Ledger administration")
public class AdminResource {

    public record ErasureRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    public record ErasureResult(UUID id, long leafIndex, boolean erased) {
    }

    @Inject
    LedgerAudit audit;

    @Inject
    EntryQueries queries;

    @Inject
    Erasures erasures;

    @Inject
    CurrentCaller caller;

    @Inject
    LedgerStats stats;

    @Inject
    StatsRollup rollup;

    @Inject
    Proofs proofs;

    @POST
    @Path("/log/verify")
    @RolesAllowed({Caller.ADMIN, Caller.REGULATOR})
    @Operation(summary = "Full check: re-derive every leaf, node and signed root from the stored entries")
    public LedgerAudit.Report verify() {
        return audit.run();
    }

    @GET
    @Path("/log/stats")
    @RolesAllowed({Caller.ADMIN, Caller.REGULATOR})
    @Operation(summary = "Platform-wide counts over a period (occurredAt in [from, to)), by recipient, recipient type,"
            + " purpose, category and legal basis, with the UNAUTHORIZED, UNDECIDED and BREAK_GLASS counts; only"
            + " entries inside treeSize (default: the latest signed size), so the counts match one checkpoint")
    public LedgerStats.Stats stats(@QueryParam("from") Instant from, @QueryParam("to") Instant to,
                                   @QueryParam("treeSize") @Min(0) Long treeSize) {
        if (from == null) {
            throw ProblemException.validation("from", "is required");
        }
        if (to == null) {
            throw ProblemException.validation("to", "is required");
        }
        if (!to.isAfter(from)) {
            throw ProblemException.validation("to", "must be after from");
        }
        long signed = proofs.signedSize();
        long size = treeSize == null ? signed : treeSize;
        if (size > signed) {
            throw ProblemException.validation("treeSize", "is beyond the latest signed tree size " + signed);
        }
        return stats.over(from, to, size);
    }

    @POST
    @Path("/log/stats/rebuild")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Forget the kept platform counts and roll every entry in again (when the full check finds"
            + " them wrong); counts stay correct meanwhile, read from the entries")
    public RebuildResult rebuildStats() {
        rollup.rebuild();
        return new RebuildResult(true);
    }

    public record RebuildResult(boolean rebuilding) {
    }

    @POST
    @Path("/disclosures/{id}/erasure")
    @RolesAllowed(Caller.ADMIN)
    @Operation(summary = "Erase an entry's plaintext and salt (retention end, legal erasure); proofs stay valid")
    public ErasureResult erase(@PathParam("id") UUID id, @NotNull @Valid ErasureRequest request) {
        EntryRecord entry = queries.byId(id, Visibility.of(caller.get(), Set.of()))
                .orElseThrow(() -> ProblemException.notFound("disclosure " + id));
        boolean erased = erasures.erase(entry.leafIndex(), caller.get().name(), request.reason());
        if (!erased) {
            throw ProblemException.conflict("disclosure " + id + " is already erased");
        }
        return new ErasureResult(id, entry.leafIndex(), true);
    }
}
