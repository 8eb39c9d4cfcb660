package dev.candor.consent.cdshooks;

import dev.candor.common.problem.ProblemException;
import dev.candor.common.security.Caller;
import dev.candor.common.security.CurrentCaller;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.consent.domain.DecisionAdmission;
import dev.candor.consent.domain.DecisionService;
import dev.candor.consent.domain.SubjectAccess;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * CDS Hooks for systems that already speak it: discovery, and the {@code patient-consent-consult} service answered
 * by the decision engine (the same decision, kept with its id, as {@code POST /api/v1/decisions}).
 */
@Path("/api/v1/cds-services")
@Tag(name = "CDS Hooks")
public class CdsHooksResource {

    @Inject
    DecisionAdmission admission;

    @Inject
    DecisionService decisions;

    @Inject
    SubjectAccess access;

    @Inject
    CurrentCaller caller;

    @GET
    @Authenticated
    @Operation(summary = "CDS Hooks discovery: the patient-consent-consult service")
    public CdsServices discovery() {
        return new CdsServices(List.of(PatientConsentConsult.SERVICE));
    }

    @POST
    @Path("/" + PatientConsentConsult.HOOK)
    @RolesAllowed({Caller.DISCLOSER, Caller.SERVICE, Caller.THERAPIST, Caller.REGULATOR, Caller.ADMIN,
            Caller.PATIENT, Caller.DELEGATE})
    @Operation(summary = "patient-consent-consult: one card saying CONSENT_PERMIT, CONSENT_DENY or NO_CONSENT, with "
            + "Candor's decision, its id and the obligations in the card's extension")
    public CdsHookResponse consult(@NotNull CdsHookRequest request) {
        DecisionService.Ask ask = PatientConsentConsult.ask(request);
        // A hook is another door to the same decision: the same bound on subjects being decided at once, the same
        // relation check and the same rules as POST /api/v1/decisions.
        int subjects = ask.subjects().size();
        admission.admit(subjects);
        try {
            access.requireMayAskAbout(caller.get(), ask.subjects(), ask.purpose() == Purpose.ETREAT);
            return PatientConsentConsult.answer(decisions.decide(caller.get(), List.of(ask), false).get(0));
        } catch (ProblemException e) {
            throw PatientConsentConsult.inHookTerms(e);
        } finally {
            admission.release(subjects);
        }
    }
}
