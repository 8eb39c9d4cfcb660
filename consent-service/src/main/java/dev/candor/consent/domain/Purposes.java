package dev.candor.consent.domain;

import dev.candor.common.vocabulary.Purpose;

/** Purposes in words, for the reasons a person reads. */
final class Purposes {

    private Purposes() {
    }

    static String describe(Purpose purpose) {
        return switch (purpose) {
            case TREAT -> "treatment";
            case ETREAT -> "emergency treatment";
            case HPAYMT -> "payment";
            case HOPERAT -> "health-care operations";
            case HRESCH -> "research";
            case HMARKT -> "marketing";
            case PUBHLTH -> "public health";
            case HSYSADMIN -> "system administration";
            case HLEGAL -> "legal proceedings";
            case PATRQT -> "the subject's own request";
            case OVERSIGHT -> "health oversight";
            case RATE_NEGOTIATION -> "rate negotiation";
            case SALE -> "sale of data";
        };
    }
}
