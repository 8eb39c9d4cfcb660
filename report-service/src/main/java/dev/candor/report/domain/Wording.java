package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain language a patient understands, for each entry and each summary of a report. */
final class Wording {

    private Wording() {
    }

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
    static boolean tpo(String purpose) {
        return List.of("TREAT", "ETREAT", "HPAYMT", "HOPERAT").contains(purpose);
    }

    static String purpose(String code) {
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
     * Insurance (insurer) for rate negotiation without your consent; it is flagged as unauthorized."
     *
     * @param owner    "your " for a patient, "your practice's " or "data about your patients: " for a provider
     * @param decision this subject's decision, or a missing node when none was taken yet
     */
    static String sentence(JsonNode disclosure, JsonNode categories, JsonNode flags, JsonNode decision, String owner) {
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
    static String repeated(long count, String recipient, String purposeCode, String first, String last) {
        return count + " disclosures to " + recipient + " for " + purpose(purposeCode) + " between "
                + first.substring(0, 10) + " and " + last.substring(0, 10)
                + ": the first is shown in full, then how many there were and the date of the last"
                + " (45 CFR 164.528(b)(3)).";
    }

    static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
