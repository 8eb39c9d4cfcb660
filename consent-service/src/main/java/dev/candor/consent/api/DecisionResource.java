package dev.candor.consent.api;

import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.consent.domain.DecisionService;
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
    CurrentCaller caller;

    @POST
    @Operation(summary = "Decide whether categories of data may go to a recipient for a purpose, for each subject",
            description = "Every decision (the request's and each subject's) is kept and has an id to cite. "
                    + "Patients and delegates may ask only about the patients they act for.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "Alice's claim", value = CLAIM_EXAMPLE)))
    public DecisionResponse decide(@NotNull @Valid DecisionRequest request) {
        return DecisionResponse.of(service.decide(caller.get(), List.of(request.toAsk()), false).get(0));
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Up to 1,000 decision requests at once (10,000 subjects in all), recorded together")
    public BatchDecisionResponse decideBatch(@NotNull @Valid BatchDecisionRequest request) {
        return new BatchDecisionResponse(service.decide(caller.get(),
                        request.requests().stream().map(DecisionRequest::toAsk).toList(), true).stream()
                .map(DecisionResponse::of).toList());
    }
}
