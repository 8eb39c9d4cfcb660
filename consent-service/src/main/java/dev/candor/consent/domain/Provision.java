package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;

import java.time.Instant;
import java.util.Set;

/** One rule of a directive: PERMIT or DENY over recipients × categories × purposes × period. */
public record Provision(Effect effect, Set<String> recipientIds, Set<RecipientType> recipientTypes,
                        Set<DataCategory> categories, Set<Purpose> purposes, Instant validFrom, Instant validUntil) {

    public enum Effect {PERMIT, DENY}
}
