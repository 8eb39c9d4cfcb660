package dev.candor.consent.domain;

import dev.candor.common.vocabulary.DataCategory;

import java.util.Set;

/**
 * What the discloser must do when it discloses under this decision.
 *
 * @param categories the categories the obligation is about (for MINIMUM_NECESSARY: the only ones it may send)
 */
public record Obligation(Code code, Set<DataCategory> categories, String detail) {

    public enum Code {
        /** Send only the permitted subset (45 CFR 164.502(b), minimum necessary). */
        MINIMUM_NECESSARY,
        /** Break-glass: the access is time-limited and a person must review it. */
        BREAK_GLASS_REVIEW,
        /** SUD records carry the prohibition on re-disclosure notice (42 CFR 2.32). */
        PART2_REDISCLOSURE_NOTICE
    }
}
