package dev.candor.consent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.consent.domain.AnswerWriter;
import dev.candor.consent.domain.DecisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.stream.Collectors;

/** The decision API's answer ({@link DecisionResponse}) as JSON, written once: kept with the decision and sent. */
@ApplicationScoped
public class DecisionAnswers implements AnswerWriter {

    @Inject
    ObjectMapper json;

    @Override
    public String write(DecisionService.Decided decided) {
        try {
            return json.writeValueAsString(DecisionResponse.of(decided));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision always serialises", e);
        }
    }

    /** A {@link BatchDecisionResponse} from the answers already written, without writing them again. */
    static String batch(List<DecisionService.Decided> decided) {
        return decided.stream().map(DecisionService.Decided::answer)
                .collect(Collectors.joining(",", "{\"results\":[", "]}"));
    }
}
