package dev.candor.report.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.report.ReportWording;

/**
 * One ledger entry as a report shows it: what a person reads (date, recipient, purpose, categories, the decision that
 * covered it or not, a sentence) beside what a verifier needs (the committed content, salt, leaf data and the
 * inclusion proof against the report's checkpoint; for an entry about several people, the report subject's own part
 * with its salt).
 */
final class EntryPresenter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryPresenter() {
    }

    /**
     * Takes the ledger's nodes over rather than copying them: {@code item} is one item of a page that is used once.
     *
     * @param partSubject whose report this is ({@code TYPE:id}): the part of an entry about several people it shows (a
     *                    report about one person names no one else) and whose decision it shows; or null for every
     *                    part the ledger gave and the decision that matters most (a platform-wide report, for
     *                    oversight)
     * @param owner       how the sentence names the data's owner ("your ")
     */
    static ObjectNode present(JsonNode item, String partSubject, String owner) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("leafIndex", item.path("leafIndex").asLong());
        entry.put("id", item.path("id").asText());
        entry.put("recordedAt", item.path("recordedAt").asText());
        JsonNode content = item.path("content");
        JsonNode flags = item.path("flags");
        entry.set("flags", flags);
        JsonNode decision = decisionFor(item.path("decisions"), partSubject);
        entry.set("decision", decision.isMissingNode() ? null : decision);
        if (content.isObject()) {
            JsonNode disclosure = content.path("disclosure");
            String occurredAt = disclosure.path("occurredAt").asText();
            entry.put("occurredAt", occurredAt);
            entry.put("month", occurredAt.length() >= 7 ? occurredAt.substring(0, 7) : occurredAt);
            ObjectNode recipient = entry.putObject("recipient");
            recipient.put("id", disclosure.path("recipient").path("id").asText());
            recipient.put("name", disclosure.path("recipient").path("name").asText());
            recipient.put("type", disclosure.path("recipient").path("type").asText());
            String purpose = disclosure.path("purpose").asText();
            entry.put("purpose", purpose);
            entry.set("categories", content.path("categories"));
            entry.set("impliedCategories", content.path("impliedCategories"));
            entry.put("aggregate", disclosure.path("cohort").isObject());
            entry.put("tpo", ReportWording.tpo(purpose));
            entry.put("sentence", ReportWording.sentence(disclosure, content.path("categories"), flags, decision, owner));
            entry.put("erased", false);
        } else {
            entry.put("erased", true);
            entry.put("sentence", ReportWording.ERASED);
        }
        entry.set("content", content.isObject() ? content : null);
        entry.set("salt", item.path("salt").isTextual() ? item.get("salt") : null);
        if (item.path("parts").isArray()) {
            ArrayNode parts = entry.putArray("parts");
            item.get("parts").forEach(p -> {
                if (partSubject == null || partSubject.equals(p.path("part").path("subject").asText())) {
                    parts.add(p);
                }
            });
        }
        entry.put("leafData", item.path("leafData").asText());
        ArrayNode proof = entry.putArray("proof");
        item.path("proof").path("hashes").forEach(h -> proof.add(h.asText()));
        return entry;
    }

    /**
     * The subject's own decision ({@code TYPE:id}: a patient and a provider may share an id); else (a treating provider,
     * a platform view) a denial if any, else the first.
     */
    static JsonNode decisionFor(JsonNode decisions, String subject) {
        JsonNode first = null;
        JsonNode denial = null;
        for (JsonNode d : decisions) {
            if (subject != null && subject.equals(d.path("subjectType").asText() + ":" + d.path("subjectId").asText())) {
                return d;
            }
            first = first == null ? d : first;
            denial = denial == null && "DENY".equals(d.path("outcome").asText()) ? d : denial;
        }
        return denial != null ? denial : first != null ? first : JSON.missingNode();
    }
}
