package dev.candor.common.vocabulary;

/**
 * Why data is disclosed: HL7 v3 PurposeOfUse codes, plus Candor's own codes for what v3 has no word for
 * ({@link #OVERSIGHT}, {@link #RATE_NEGOTIATION}, {@link #SALE}; exported to FHIR in a Candor code system).
 */
public enum Purpose {
    TREAT(true),
    /** Break-glass emergency treatment. */
    ETREAT(true),
    HPAYMT(true),
    HOPERAT(true),
    HRESCH(true),
    HMARKT(true),
    PUBHLTH(true),
    HSYSADMIN(true),
    HLEGAL(true),
    PATRQT(true),
    OVERSIGHT(false),
    RATE_NEGOTIATION(false),
    SALE(false);

    public static final String V3_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public static final String CANDOR_SYSTEM = "https://candor.dev/fhir/CodeSystem/purpose";

    private final boolean hl7;

    Purpose(boolean hl7) {
        this.hl7 = hl7;
    }

    /** The code system this purpose is exported with. */
    public String system() {
        return hl7 ? V3_SYSTEM : CANDOR_SYSTEM;
    }
}
