package dev.candor.ledger.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The part of consent-service's batch decision answer the ledger keeps. It asks for the minimal answer
 * ({@code Prefer: return=minimal}); anything else a consent-service sends is skipped while parsing.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionAnswers(List<Result> results) {

    /** The answer to one question: a decision per subject. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(Instant decidedAt, List<SubjectAnswer> subjects) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubjectAnswer(SubjectRef subject, String decision, String legalBasis, UUID consentId,
                                Integer consentVersion, UUID decisionId, String reason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SubjectRef(String type, String id) {
    }
}
