package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plain-language texts of a report that follow from its checked fields — an entry's {@code sentence}, a group's
 * 164.528(b)(3) {@code summary}, the lines of the report's {@code summary} — so the verifier can write them again and
 * compare: "VERIFIED" then vouches for the sentence a patient reads, not only for the committed content nobody reads.
 * <p>
 * These texts are part of the signed format, and this class is their one definition: report-service writes them
 * with it (as the ledger builds leaves with {@code LedgerLeaf}), the verifier writes them again to compare.
 */
public final class ReportWording {

    private ReportWording() {
    }

    /** The sentence of an entry whose content was erased. */
    public static final String ERASED = "The details of this disclosure were erased (end of retention or legal"
            + " erasure); the record that it happened remains in the ledger.";

    static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("SESSION_DATES", "session dates"),
            Map.entry("SESSION_FREQUENCY", "session frequency"),
            Map.entry("SESSION_DURATION", "session durations"),
            Map.entry("BILLING_CODES", "billing codes"),
            Map.entry("DIAGNOSIS", "diagnosis"),
            Map.entry("TREATMENT_PLAN", "treatment plan"),
            Map.entry("CLINICAL_NOTES", "clinical notes"),
            Map.entry("PSYCHOTHERAPY_NOTES", "psychotherapy notes"),
            Map.entry("SUD_RECORDS", "substance-use treatment records"),
            Map.entry("DEMOGRAPHICS", "demographic details"),
            Map.entry("INSURANCE_IDS", "insurance ids"),
            Map.entry("PRACTICE_PATTERNS", "practice patterns (volume, frequency, utilization)"));

    static final Map<String, String> PURPOSES = Map.ofEntries(
            Map.entry("TREAT", "treatment"),
            Map.entry("ETREAT", "emergency treatment (break-glass)"),
            Map.entry("HPAYMT", "payment of claims"),
            Map.entry("HOPERAT", "health-care operations"),
            Map.entry("HRESCH", "research"),
            Map.entry("HMARKT", "marketing"),
            Map.entry("PUBHLTH", "public health"),
            Map.entry("HSYSADMIN", "system administration"),
            Map.entry("HLEGAL", "legal proceedings"),
            Map.entry("PATRQT", "a request you made"),
            Map.entry("OVERSIGHT", "health oversight by a regulator"),
            Map.entry("RATE_NEGOTIATION", "rate negotiation"),
            Map.entry("SALE", "sale of data"));

    /** Treatment, payment and operations: the flows HIPAA's accounting of disclosures leaves out. */
    public static boolean tpo(String purpose) {
        return List.of("TREAT", "ETREAT", "HPAYMT", "HOPERAT").contains(purpose);
    }

    /** How a report of this kind names the data's owner in a sentence: "your " for a patient, else nothing. */
    public static String owner(String kind) {
        return "PATIENT".equals(kind) ? "your " : "";
    }

    /** A purpose code in words ("payment of claims"); an unknown code as it is. */
    public static String purpose(String code) {
        return PURPOSES.getOrDefault(code, code);
    }

    static String categories(JsonNode codes, String owner) {
        List<String> words = new ArrayList<>();
        codes.forEach(c -> words.add(CATEGORIES.getOrDefault(c.asText(), c.asText())));
        String list = words.size() <= 1 ? String.join("", words)
                : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
        return owner + list;
    }

    /**
     * One sentence for one disclosure, e.g. "On 2026-10-02, your session frequency was shared with Acme Health
     * Insurance (insurer) for rate negotiation without your consent: nothing you agreed to covered it, and it is
     * flagged as unauthorized."
     *
     * @param disclosure the committed content's {@code disclosure}; its {@code occurredAt} at least 10 characters
     * @param categories the committed content's {@code categories}
     * @param flags      the flags as the report shows them (as they stand, after any settlement)
     * @param decision   the decision the report shows, or a missing or null node when none was taken yet
     * @param owner      {@link #owner}
     */
    public static String sentence(JsonNode disclosure, JsonNode categories, JsonNode flags, JsonNode decision,
                                  String owner) {
        StringBuilder s = new StringBuilder("On ").append(disclosure.path("occurredAt").asText("?"), 0, 10)
                .append(", ").append(categories(categories, owner))
                .append(categories.size() == 1 ? " was" : " were").append(" shared with ")
                .append(disclosure.path("recipient").path("name").asText("an unnamed recipient")).append(" (")
                .append(disclosure.path("recipient").path("type").asText("").toLowerCase(Locale.ROOT)
                        .replace('_', ' ')).append(")")
                .append(" for ").append(purpose(disclosure.path("purpose").asText()));
        JsonNode cohort = disclosure.path("cohort");
        if (cohort.isObject()) {
            s.append(", in a dataset about ").append(cohort.path("size").asLong()).append(" records");
        }
        String outcome = decision.path("outcome").asText("");
        if (outcome.equals("DENY")) {
            s.append(" without your consent: nothing you agreed to covered it, and it is flagged as unauthorized.");
        } else if (outcome.equals("PERMIT")) {
            s.append(switch (decision.path("basis").asText()) {
                case "CONSENT" -> ". Your consent (version " + decision.path("consentVersion").asText("?")
                        + ") covered it.";
                case "HIPAA_TPO" -> ". HIPAA allows this without your consent (treatment, payment or operations).";
                case "REQUIRED_BY_LAW" -> ". The law required it.";
                case "PATIENT_REQUEST" -> ". You asked for it.";
                default -> ". It was permitted.";
            });
        } else {
            s.append(". Whether it was allowed has not been decided yet; it is flagged as undecided.");
        }
        if (contains(flags, "BREAK_GLASS")) {
            s.append(" It was an emergency (break-glass) access and is flagged for review.");
        }
        return s.toString();
    }

    /** The 164.528(b)(3) summary of repeated disclosures to one recipient for one purpose. */
    public static String repeated(long count, String recipient, String purposeCode, String first, String last) {
        return count + " disclosures to " + recipient + " for " + purpose(purposeCode) + " between "
                + first.substring(0, 10) + " and " + last.substring(0, 10)
                + ": the first is shown in full, then how many there were and the date of the last"
                + " (45 CFR 164.528(b)(3)).";
    }

    /**
     * A report's period [from, to) for people, in UTC: the last day it includes rather than its exclusive end —
     * "on 2026-11-28", "from 2026-11-28 through 2026-11-30" — and, for an end that is not a midnight, "up to (not
     * including)" that instant. {@code to} itself (2026-11-29T00:00:00Z for a period asked for as
     * {@code to=2026-11-28}) is for machines.
     */
    public static String period(Instant from, Instant to) {
        String start = midnight(from) ? day(from).toString() : from.toString();
        if (!midnight(to)) {
            return "from " + start + " up to (not including) " + to;
        }
        LocalDate last = day(to.minusNanos(1));
        return midnight(from) && day(from).equals(last) ? "on " + last : "from " + start + " through " + last;
    }

    private static boolean midnight(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT);
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * The first summary line: "3 disclosures about you from 2026-01-01 through 2026-11-28, to 2 combinations of
     * recipient and purpose."
     */
    public static String summaryFirst(String kind, long entries, Instant from, Instant to, int groups) {
        return entries + (entries == 1 ? " disclosure " : " disclosures ")
                + ("PATIENT".equals(kind) ? "about you" : "about your practice and your patients") + " "
                + period(from, to) + ", to " + groups
                + (groups == 1 ? " recipient and purpose." : " combinations of recipient and purpose.");
    }

    /**
     * The summary lines after the first, from the sizes of the highlights.
     *
     * @param kind PATIENT or PROVIDER
     */
    public static List<String> summaryHighlights(String kind, int unauthorized, int tpo, int aggregate,
                                                 int undecided, int breakGlass, boolean complete) {
        List<String> lines = new ArrayList<>();
        if (unauthorized > 0) {
            lines.add(unauthorized + " of them were not covered by any consent or legal basis and are"
                    + " flagged as unauthorized.");
        }
        if (tpo > 0) {
            lines.add(tpo + " were for treatment, payment or health-care operations. HIPAA's accounting of"
                    + " disclosures leaves these out; Candor shows them.");
        }
        if (aggregate > 0) {
            lines.add(aggregate + " were datasets about many people that included "
                    + ("PATIENT".equals(kind) ? "you." : "your practice or your patients."));
        }
        if (undecided > 0) {
            lines.add(undecided + " are still waiting for a consent decision.");
        }
        if (breakGlass > 0) {
            lines.add(breakGlass + " were emergency (break-glass) accesses, flagged for review.");
        }
        if (!complete) {
            lines.add("This report holds only the oldest disclosures of the period: there are more than fit in one"
                    + " report. Ask for a shorter period.");
        }
        return lines;
    }

    /** Whether a JSON array of strings holds {@code value}. */
    public static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
