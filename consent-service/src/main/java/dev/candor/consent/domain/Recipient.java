package dev.candor.consent.domain;

import dev.candor.common.vocabulary.RecipientType;

/** Who would receive the data: a stable id and its type. */
public record Recipient(String id, RecipientType type) {
}
