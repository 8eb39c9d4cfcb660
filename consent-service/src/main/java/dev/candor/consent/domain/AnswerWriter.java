package dev.candor.consent.domain;

/**
 * Writes a decision as the API answers it (JSON). The decision record keeps exactly this text, and the decision API
 * sends the same text back, so a decision is written once per request — not once for the record and again for the
 * answer — and what is kept is what the caller was told.
 */
public interface AnswerWriter {

    String write(DecisionService.Decided decided);
}
