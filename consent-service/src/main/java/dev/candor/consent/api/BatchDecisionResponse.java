package dev.candor.consent.api;

import java.util.List;

/** One result per request, in request order. */
public record BatchDecisionResponse(List<DecisionResponse> results) {
}
