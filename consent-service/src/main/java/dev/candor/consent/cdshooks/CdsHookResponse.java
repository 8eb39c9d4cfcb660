package dev.candor.consent.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.consent.domain.Provision;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The answer of the {@code patient-consent-consult} service: one card with the decision. */
public record CdsHookResponse(List<Card> cards) {

    /**
     * @param summary   {@code CONSENT_PERMIT}, {@code CONSENT_DENY} or {@code NO_CONSENT}
     * @param detail    the decision's reason, for a person
     * @param indicator {@code info} (permit by consent), {@code critical} (denied by a directive), {@code warning}
     *                  (no directive spoke: the policy profile decided, see {@code extension.decision})
     */
    public record Card(UUID uuid, String summary, String detail, String indicator, Source source,
                       Extension extension) {
    }

    public record Source(String label, String topic) {
    }

    /**
     * @param consentDecision   the card's summary again, as the LEAP service puts it in the extension
     * @param decisionId        Candor's id of the kept decision (cite it when recording the disclosure)
     * @param decision          Candor's decision: PERMIT or DENY, also when no consent spoke
     * @param legalBasis        on what ground
     * @param permittedCategories the categories that may be sent (minimum necessary)
     * @param obligations       what the discloser must do
     * @param basedOn           the Consent versions the decision rests on ({@code Consent/{id}/_history/{version}})
     * @param subjects          per patient: the decision, its id and the directive it rests on
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Extension(String consentDecision, UUID decisionId, Provision.Effect decision, LegalBasis legalBasis,
                            Set<DataCategory> permittedCategories, List<ObligationOut> obligations,
                            List<String> basedOn, List<SubjectOut> subjects) {
    }

    /** An obligation as LEAP writes them: a coded id and the codes it is about, plus Candor's words. */
    public record ObligationOut(CdsHookRequest.SystemCode id, Parameters parameters, String detail) {
    }

    public record Parameters(List<CdsHookRequest.SystemCode> codes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubjectOut(String patientId, UUID decisionId, Provision.Effect decision, LegalBasis legalBasis,
                             String basedOn) {
    }
}
