package dev.candor.common.vocabulary;

/** Who receives disclosed data. */
public enum RecipientType {
    INSURER, CLEARINGHOUSE, PROVIDER, RESEARCHER, GOVERNMENT, DATA_BROKER, OTHER
}
