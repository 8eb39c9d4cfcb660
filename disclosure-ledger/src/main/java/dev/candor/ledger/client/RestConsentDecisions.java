package dev.candor.ledger.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.domain.ConsentDecisions;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.SubjectKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link ConsentDecisions} over HTTP, coalesced: questions that arrive together go to consent-service as one
 * batch request (up to 1000 questions, 1,000 subjects), with a few batches in flight. Under load that turns
 * thousands of decision calls per second into tens — the same idea as the sequencer's group commit.
 */
@ApplicationScoped
public class RestConsentDecisions implements ConsentDecisions {

    static final int MAX_QUESTIONS = 1000;
    /** Subjects per call: a large cohort goes in parts, so that no call holds consent-service's heap for long. */
    static final int MAX_SUBJECTS = 1_000;

    private static final Logger LOG = Logger.getLogger(RestConsentDecisions.class);
    static final int IN_FLIGHT = 8;

    private record Asked(Question question, CompletableFuture<List<Decision>> answer) {
    }

    @Inject
    @RestClient
    ConsentDecisionClient client;

    @Inject
    ObjectMapper json;

    private final LinkedBlockingQueue<Asked> queue = new LinkedBlockingQueue<>();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private volatile boolean running;
    private Thread dispatcher;

    void start(@Observes StartupEvent event) {
        running = true;
        dispatcher = new Thread(this::dispatch, "ledger-decision-batcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        dispatcher.interrupt();
    }

    @Override
    public CompletionStage<List<Decision>> decide(Question question) {
        if (question.subjects().size() <= MAX_SUBJECTS) {
            CompletableFuture<List<Decision>> answer = new CompletableFuture<>();
            queue.add(new Asked(question, answer));
            return answer;
        }
        // A cohort larger than one request may name: ask in parts and join the answers.
        List<CompletableFuture<List<Decision>>> parts = new ArrayList<>();
        for (int from = 0; from < question.subjects().size(); from += MAX_SUBJECTS) {
            List<SubjectKey> part = question.subjects().subList(from,
                    Math.min(question.subjects().size(), from + MAX_SUBJECTS));
            parts.add(decide(new Question(part, question.recipientId(), question.recipientType(),
                    question.categories(), question.purpose(), question.at(), question.reason()))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Decision> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(p.join()));
            return all;
        });
    }

    private void dispatch() {
        while (running) {
            try {
                Asked first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                inFlight.acquire();
                List<Asked> batch = new ArrayList<>();
                batch.add(first);
                int subjects = first.question().subjects().size();
                Asked next;
                while (batch.size() < MAX_QUESTIONS && (next = queue.peek()) != null
                        && subjects + next.question().subjects().size() <= MAX_SUBJECTS) {
                    batch.add(queue.poll());
                    subjects += next.question().subjects().size();
                }
                try {
                    send(batch);
                } catch (Throwable t) {
                    // The batch fails (its entries are recorded UNDECIDED and settled later); the batcher lives on.
                    LOG.errorf(t, "could not ask consent-service for %d decisions", batch.size());
                    inFlight.release();
                    batch.forEach(a -> a.answer().completeExceptionally(t));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void send(List<Asked> batch) {
        ObjectNode body = json.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        batch.forEach(a -> requests.add(question(a.question())));
        CompletionStage<DecisionAnswers> call;
        try {
            call = client.decideBatch(body);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((answer, failure) -> {
            inFlight.release();
            if (failure != null) {
                batch.forEach(a -> a.answer().completeExceptionally(failure));
                return;
            }
            List<DecisionAnswers.Result> results = answer.results();
            for (int i = 0; i < batch.size(); i++) {
                try {
                    batch.get(i).answer().complete(parse(results.get(i)));
                } catch (RuntimeException e) {
                    batch.get(i).answer().completeExceptionally(e);
                }
            }
        });
    }

    private ObjectNode question(Question question) {
        ObjectNode q = json.createObjectNode();
        ArrayNode subjects = q.putArray("subjects");
        question.subjects().forEach(s -> subjects.addObject().put("type", s.type().name()).put("id", s.id()));
        q.putObject("recipient").put("id", question.recipientId()).put("type", question.recipientType().name());
        ArrayNode categories = q.putArray("categories");
        question.categories().forEach(c -> categories.add(c.name()));
        q.put("purpose", question.purpose().name());
        q.put("time", question.at().toString());
        if (question.reason() != null) {
            q.put("reason", question.reason());
        }
        return q;
    }

    /** consent-service answers per subject; the decision time is the call's. */
    static List<Decision> parse(DecisionAnswers.Result answer) {
        Instant decidedAt = answer.decidedAt() != null ? answer.decidedAt() : Instant.now();
        List<Decision> decisions = new ArrayList<>(answer.subjects().size());
        for (DecisionAnswers.SubjectAnswer s : answer.subjects()) {
            decisions.add(new Decision(new SubjectKey(SubjectType.valueOf(s.subject().type()), s.subject().id()),
                    Decision.Outcome.valueOf(s.decision()),
                    LegalBasis.valueOf(s.legalBasis() == null ? "NONE" : s.legalBasis()),
                    s.consentId(), s.consentVersion(), s.decisionId(), s.reason(), decidedAt));
        }
        return decisions;
    }
}
