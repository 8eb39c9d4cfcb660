package dev.candor.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * consent-service refused a batch decision call with a 4xx. Its batch API refuses a call whole when one question
 * in it is invalid, naming that question's fields in the problem's {@code errors[]} ({@code requests[3].reason});
 * {@link #questionsNamed} are those indexes, so the batcher can fail just those questions and ask about the others
 * again.
 */
public final class ConsentRefusal extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUESTION_FIELD = Pattern.compile("^requests\\[(\\d+)]");

    private final int status;
    private final Set<Integer> questionsNamed;

    ConsentRefusal(int status, String detail, Set<Integer> questionsNamed) {
        super("consent-service refused the call (" + status + ")" + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.questionsNamed = Set.copyOf(questionsNamed);
    }

    /** From consent-service's answer: a problem+json body (anything else names no question). */
    static ConsentRefusal of(int status, String body) {
        Set<Integer> named = new TreeSet<>();
        String detail = null;
        try {
            JsonNode problem = JSON.readTree(body == null ? "" : body);
            if (problem != null) {
                detail = problem.path("detail").asText(null);
                for (JsonNode error : problem.path("errors")) {
                    Matcher field = QUESTION_FIELD.matcher(error.path("field").asText(""));
                    if (field.find()) {
                        named.add(Integer.parseInt(field.group(1)));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not a problem document: the refusal names no question
        }
        if (detail != null && detail.length() > 300) {
            detail = detail.substring(0, 300) + "…";
        }
        return new ConsentRefusal(status, detail, named);
    }

    public int status() {
        return status;
    }

    /** Indexes, in the refused call's {@code requests}, of the questions the refusal names. */
    public Set<Integer> questionsNamed() {
        return questionsNamed;
    }

    /**
     * Whether the refusal is about what was asked (malformed, too large) rather than about the caller (401, 403) or
     * the load (429): only then can a smaller call with other questions succeed.
     */
    public boolean aboutTheQuestions() {
        return status == 400 || status == 413 || status == 422;
    }
}
