package dev.candor.consent.api;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.consent.domain.DecisionAdmission;
import dev.candor.consent.domain.DecisionService;
import dev.candor.consent.domain.SubjectAccess;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

@Path("/api/v1/decisions")
@Tag(name = "Decisions")
@RolesAllowed({Caller.DISCLOSER, Caller.SERVICE, Caller.THERAPIST, Caller.REGULATOR, Caller.ADMIN, Caller.PATIENT,
        Caller.DELEGATE})
public class DecisionResource {

    static final String CLAIM_EXAMPLE = """
            {
              "subjects": [{"type": "PATIENT", "id": "pat-alice"}],
              "recipient": {"id": "ins-acme", "type": "INSURER"},
              "categories": ["BILLING_CODES", "SESSION_DATES"],
              "purpose": "HPAYMT"
            }
            """;

    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final String RETURN_MINIMAL = "return=minimal";

    @Inject
    DecisionAdmission admission;

    @Inject
    DecisionService service;

    @Inject
    SubjectAccess access;

    @Inject
    CurrentCaller caller;

    @POST
    @Operation(summary = "Decide whether categories of data may go to a recipient for a purpose, for each subject",
            description = "Every decision (the request's and each subject's) is kept and has an id to cite. "
                    + "Therapists and disclosing organisations may ask only about subjects they have a care or "
                    + "business relation with, and only about the present (time omitted or within 5 minutes of now); "
                    + "patients and delegates only about the patients they act for. A time more than 5 minutes ahead "
                    + "is refused for everyone.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "Alice's claim", value = CLAIM_EXAMPLE)))
    @Parameter(name = PREFER, description = "`return=minimal`: only the outcome, basis and ids ("
            + "DecisionSummary), without the explanation; the whole answer is kept under the same ids")
    @APIResponse(responseCode = "200", description = "The decision: a DecisionResponse, or a DecisionSummary when "
            + "`Prefer: return=minimal` was asked for (then `Preference-Applied: return=minimal`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {DecisionResponse.class, DecisionSummary.class})))
    public Uni<RestResponse<Object>> decide(@NotNull @Valid DecisionRequest request,
                                            @HeaderParam(PREFER) String prefer) {
        Caller who = caller.get();
        DecisionService.Ask ask = request.toAsk();
        return decided(who, List.of(ask), false,
                () -> access.requireMayAskAbout(who, ask.subjects(), ask.purpose() == Purpose.ETREAT))
                .map(all -> {
                    DecisionService.Decided decided = all.get(0);
                    return minimal(prefer) ? RestResponse.ResponseBuilder.<Object>ok(DecisionSummary.of(decided))
                            .header(PREFERENCE_APPLIED, RETURN_MINIMAL).build()
                            : RestResponse.ResponseBuilder.<Object>ok(decided.answer(), MediaType.APPLICATION_JSON)
                            .build();
                });
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Up to 1,000 decision requests at once (10,000 subjects in all), recorded together")
    @Parameter(name = PREFER, description = "`return=minimal`: each result a DecisionSummary")
    @APIResponse(responseCode = "200", description = "One result per request, in order: BatchDecisionResponse, or "
            + "DecisionSummary.Batch when `Prefer: return=minimal` was asked for",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {BatchDecisionResponse.class, DecisionSummary.Batch.class})))
    public Uni<RestResponse<Object>> decideBatch(@NotNull @Valid BatchDecisionRequest request,
                                                 @HeaderParam(PREFER) String prefer) {
        Caller who = caller.get();
        List<DecisionService.Ask> asks = request.requests().stream().map(DecisionRequest::toAsk).toList();
        return decided(who, asks, true, () -> {
            for (boolean breakGlass : new boolean[]{false, true}) {
                access.requireMayAskAbout(who, asks.stream()
                        .filter(a -> (a.purpose() == Purpose.ETREAT) == breakGlass)
                        .flatMap(a -> a.subjects().stream()).toList(), breakGlass);
            }
        }).map(decided -> minimal(prefer) ? RestResponse.ResponseBuilder.<Object>ok(new DecisionSummary.Batch(
                        decided.stream().map(DecisionSummary::of).toList()))
                .header(PREFERENCE_APPLIED, RETURN_MINIMAL).build()
                : RestResponse.ResponseBuilder.<Object>ok(DecisionAnswers.batch(decided), MediaType.APPLICATION_JSON)
                .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A kept decision, exactly as it was answered",
            description = "By the request's decision id or by one subject's (the id the ledger cites): the whole "
                    + "answer (a DecisionResponse), with the explanation also when it was answered with "
                    + "`Prefer: return=minimal`. Regulators and admins may read any; whoever asked, what they asked "
                    + "for; a patient or delegate (with a delegation to read the consent history) a decision about "
                    + "no one but patients they act for. Anything else is 404, as for an unknown id.")
    @APIResponse(responseCode = "200", description = "The decision as it was answered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DecisionResponse.class)))
    @APIResponse(responseCode = "404", description = "No such decision that this caller may read")
    public RestResponse<String> kept(@PathParam("id") UUID id) {
        return service.keptAnswer(caller.get(), id)
                .map(answer -> RestResponse.ResponseBuilder.ok(answer, MediaType.APPLICATION_JSON).build())
                .orElseThrow(() -> ProblemException.notFound("decision " + id));
    }

    /**
     * Decides on the event loop when nothing needs the database before the record (a caller who may ask about anyone,
     * every subject's consent state in memory: the ledger's everyday case), and answers once the record is committed,
     * back on the event loop — no worker thread is held while the group commit runs. Anything else (a relation or a
     * delegation to look up, a subject to load) runs on a worker thread, as a blocking call.
     */
    private Uni<List<DecisionService.Decided>> decided(Caller who, List<DecisionService.Ask> asks, boolean batch,
                                                        Runnable accessCheck) {
        int subjects = asks.stream().mapToInt(a -> a.subjects().size()).sum();
        admission.admit(subjects);
        try {
            return admitted(who, asks, batch, accessCheck).onTermination().invoke(() -> admission.release(subjects));
        } catch (RuntimeException e) {
            admission.release(subjects);
            throw e;
        }
    }

    private Uni<List<DecisionService.Decided>> admitted(Caller who, List<DecisionService.Ask> asks, boolean batch,
                                                         Runnable accessCheck) {
        if (access.asksAboutAnyone(who)) {
            Optional<CompletableFuture<List<DecisionService.Decided>>> fromMemory =
                    service.decideFromMemory(who, asks, batch);
            if (fromMemory.isPresent()) {
                Uni<List<DecisionService.Decided>> committed = Uni.createFrom().completionStage(fromMemory.get());
                Context eventLoop = Vertx.currentContext();
                return eventLoop == null ? committed
                        : committed.emitOn(task -> eventLoop.runOnContext(ignored -> task.run()));
            }
        }
        return Uni.createFrom().item(() -> {
            accessCheck.run();
            return service.decide(who, asks, batch);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Whether the caller asked for the minimal answer (RFC 7240: preferences are comma-separated, case-blind). */
    static boolean minimal(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            if (preference.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "").equals(RETURN_MINIMAL)) {
                return true;
            }
        }
        return false;
    }
}
