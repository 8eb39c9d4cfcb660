package dev.candor.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.domain.ConsentDecisions;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.SubjectKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** {@link ConsentDecisions} over HTTP: one decision request per entry, answered per subject. */
@ApplicationScoped
public class RestConsentDecisions implements ConsentDecisions {

    @Inject
    @RestClient
    ConsentDecisionClient client;

    @Inject
    ObjectMapper json;

    @Override
    public CompletionStage<List<Decision>> decide(Question question) {
        ObjectNode body = json.createObjectNode();
        ArrayNode subjects = body.putArray("subjects");
        question.subjects().forEach(s -> subjects.addObject().put("type", s.type().name()).put("id", s.id()));
        body.putObject("recipient").put("id", question.recipientId()).put("type", question.recipientType().name());
        ArrayNode categories = body.putArray("categories");
        question.categories().forEach(c -> categories.add(c.name()));
        body.put("purpose", question.purpose().name());
        body.put("time", question.at().toString());
        if (question.reason() != null) {
            body.put("reason", question.reason());
        }
        return client.decide(body).thenApply(this::parse);
    }

    /** consent-service answers per subject; the decision time is the call's. */
    private List<Decision> parse(JsonNode answer) {
        Instant decidedAt = answer.hasNonNull("decidedAt") ? Instant.parse(answer.path("decidedAt").asText())
                : Instant.now();
        List<Decision> decisions = new ArrayList<>();
        for (JsonNode s : answer.path("subjects")) {
            JsonNode subject = s.path("subject");
            decisions.add(new Decision(
                    new SubjectKey(SubjectType.valueOf(subject.path("type").asText()), subject.path("id").asText()),
                    Decision.Outcome.valueOf(s.path("decision").asText()),
                    LegalBasis.valueOf(s.path("legalBasis").asText("NONE")),
                    s.hasNonNull("consentId") ? UUID.fromString(s.path("consentId").asText()) : null,
                    s.hasNonNull("consentVersion") ? s.path("consentVersion").asInt() : null,
                    s.hasNonNull("decisionId") ? UUID.fromString(s.path("decisionId").asText()) : null,
                    s.path("reason").asText(null),
                    decidedAt));
        }
        return decisions;
    }
}
