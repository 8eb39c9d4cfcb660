package dev.candor.consent.cdshooks;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A CDS Hooks call of the {@code patient-consent-consult} hook, in the shape used by the HL7 / LEAP Consent Decision
 * Service. Lists may also be sent as a single value (older clients send one {@code patientId}). The other standard
 * fields of a CDS Hooks request ({@code fhirServer}, {@code fhirAuthorization}, {@code prefetch}) and
 * {@code context.content} are accepted and not used.
 *
 * @param hook         must be {@code patient-consent-consult}
 * @param hookInstance the caller's id for this call (a UUID)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CdsHookRequest(String hook, String hookInstance, Context context) {

    /**
     * @param patientId    whose consent: Candor patient ids ({@code value}; {@code system} absent or Candor's)
     * @param actor        the recipient: one entry with its id, one with its type in Candor's recipient-type system
     * @param purposeOfUse one purpose: a v3 PurposeOfUse code or one of Candor's
     * @param category     consent scope codings (consentscope: patient-privacy or research)
     * @param classes      the data categories asked for ({@code class}: Candor's data-category system)
     * @param scope        the consent scope as older clients send it (a plain code)
     * @param reason       Candor's addition: the stated reason, required for break-glass (ETREAT); at most 2,000
     *                     characters, as in {@code POST /api/v1/decisions}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Context(
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<SystemValue> patientId,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<SystemValue> actor,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> purposeOfUse,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<SystemCode> category,
            @JsonProperty("class") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<SystemCode> classes,
            String scope,
            String reason) {
    }

    public record SystemValue(String system, String value) {
    }

    public record SystemCode(String system, String code) {
    }
}
