package dev.candor.consent.api;

import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.consent.domain.DecisionService;
import dev.candor.consent.domain.SubjectAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

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
                    + "business relation with; patients and delegates only about the patients they act for.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "Alice's claim", value = CLAIM_EXAMPLE)))
    public DecisionResponse decide(@NotNull @Valid DecisionRequest request) {
        DecisionService.Ask ask = request.toAsk();
        access.requireMayAskAbout(caller.get(), ask.subjects(), ask.purpose() == Purpose.ETREAT);
        return DecisionResponse.of(service.decide(caller.get(), List.of(ask), false).get(0));
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Up to 1,000 decision requests at once (10,000 subjects in all), recorded together")
    public BatchDecisionResponse decideBatch(@NotNull @Valid BatchDecisionRequest request) {
        List<DecisionService.Ask> asks = request.requests().stream().map(DecisionRequest::toAsk).toList();
        for (boolean breakGlass : new boolean[]{false, true}) {
            access.requireMayAskAbout(caller.get(), asks.stream()
                    .filter(a -> (a.purpose() == Purpose.ETREAT) == breakGlass)
                    .flatMap(a -> a.subjects().stream()).toList(), breakGlass);
        }
        return new BatchDecisionResponse(service.decide(caller.get(), asks, true).stream()
                .map(DecisionResponse::of).toList());
    }
}
