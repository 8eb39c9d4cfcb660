package dev.candor.ledger.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.concurrent.ClosableQueue;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.domain.ConsentDecisions;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.SubjectKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ConsentDecisions} over HTTP, coalesced: questions that arrive together go to consent-service as one
 * batch request (up to 1000 questions, 1,000 subjects), with a few batches in flight. Under load that turns
 * thousands of decision calls per second into tens — the same idea as the sequencer's group commit.
 *
 * <p>Every question's answer completes — with decisions covering exactly the subjects asked about, or exceptionally
 * (the entry is then recorded UNDECIDED and settled later; it is never dropped):
 * <ul>
 *   <li>a question whose caller gave up already (its answer timed out or was cancelled) is not sent;</li>
 *   <li>at most {@link #MAX_QUEUED} questions wait for a call: beyond that a question fails at once;</li>
 *   <li>an answer naming other subjects than asked, or not one decision for each, fails that question;</li>
 *   <li>when consent-service refuses a call (its batch API refuses it whole) for some of its questions, only those
 *       fail: it names them, or halving the call finds them, within {@link #RESENDS} further calls;</li>
 *   <li>on shutdown, what is still queued fails at once rather than waiting out the caller's timeout.</li>
 * </ul>
 */
@ApplicationScoped
public class RestConsentDecisions implements ConsentDecisions {

    static final int MAX_QUESTIONS = 1000;
    /** Subjects per call: a large cohort goes in parts, so that no call holds consent-service's heap for long. */
    static final int MAX_SUBJECTS = 1_000;
    static final int IN_FLIGHT = 8;
    /**
     * Questions waiting for a call. Appends wait 2 s for their decision, so at the ledger's measured batch rate
     * (~3,600 entries/s) fewer than this are ever waiting and not given up; more means consent-service is not keeping
     * up, and a question beyond it fails at once (its entry is recorded UNDECIDED) instead of joining a queue it
     * would time out in.
     */
    static final int MAX_QUEUED = 10_000;
    /** Further calls a refused call may take to find the questions refused: enough to halve 1000 down to one. */
    static final int RESENDS = 24;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(RestConsentDecisions.class);

    private record Asked(Question question, CompletableFuture<List<Decision>> answer) {
    }

    @Inject
    @RestClient
    ConsentDecisionClient client;

    @Inject
    ObjectMapper json;

    private final ClosableQueue<Asked> queue = new ClosableQueue<>(MAX_QUEUED);
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private Thread dispatcher;

    void start(@Observes StartupEvent event) {
        dispatcher = new Thread(this::dispatch, "ledger-decision-batcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /**
     * Takes no more questions and fails those still queued, at once: their entries are then recorded UNDECIDED
     * (and settled later) while the sequencer still commits — this runs before the other shutdown observers. Calls
     * already sent complete as consent-service answers them. By the time this runs, the HTTP layer has let running
     * requests finish (quarkus.shutdown.timeout), so what is left is mostly settlement's questions.
     */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) throws InterruptedException {
        queue.close();
        if (dispatcher != null) {
            dispatcher.interrupt();
            dispatcher.join(STOP_WAIT.toMillis());
        }
        List<Asked> left = queue.drain();
        if (!left.isEmpty()) {
            LOG.infof("stopping: %d questions not asked; their entries are recorded UNDECIDED", left.size());
            IllegalStateException stopping = new IllegalStateException("the ledger is stopping; not asked");
            left.forEach(a -> a.answer().completeExceptionally(stopping));
        }
    }

    @Override
    public CompletionStage<List<Decision>> decide(Question question) {
        if (question.subjects().size() <= MAX_SUBJECTS) {
            CompletableFuture<List<Decision>> answer = new CompletableFuture<>();
            ClosableQueue.Offer offer = queue.offer(new Asked(question, answer));
            if (offer != ClosableQueue.Offer.ACCEPTED) {
                answer.completeExceptionally(new IllegalStateException(offer == ClosableQueue.Offer.FULL
                        ? MAX_QUEUED + " questions wait for consent-service already; not asked"
                        : "the ledger is stopping; not asked"));
            }
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
        CompletableFuture<List<Decision>> joined = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    List<Decision> all = new ArrayList<>();
                    parts.forEach(p -> all.addAll(p.join()));
                    return all;
                });
        // A caller that gives up on the whole (its timeout) gives up on every part: those not sent yet are not sent.
        joined.whenComplete((all, failure) -> {
            if (failure != null) {
                parts.forEach(p -> p.cancel(false));
            }
        });
        return joined;
    }

    private void dispatch() {
        try {
            while (queue.isOpen()) {
                // A call's permit first, then its questions: a batch is formed when it can go, so the questions
                // whose callers gave up meanwhile are left out.
                inFlight.acquire();
                List<Asked> batch;
                try {
                    batch = nextBatch();
                } catch (InterruptedException e) {
                    inFlight.release();
                    throw e;
                }
                if (batch.isEmpty()) {
                    inFlight.release();
                } else {
                    new Call().send(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** As many questions as fit in one call, skipping those nobody waits for; empty if none came. */
    private List<Asked> nextBatch() throws InterruptedException {
        List<Asked> batch = new ArrayList<>();
        int subjects = 0;
        Asked next = queue.poll(100, TimeUnit.MILLISECONDS);
        while (next != null) {
            if (!next.answer().isDone()) {
                batch.add(next);
                subjects += next.question().subjects().size();
            }
            next = queue.peek();
            if (next == null || batch.size() == MAX_QUESTIONS
                    || (!next.answer().isDone() && subjects + next.question().subjects().size() > MAX_SUBJECTS)) {
                break;
            }
            // This thread alone takes from the queue (but stop's drain, after which poll finds nothing): the
            // question taken is the one peeked at.
            next = queue.poll();
        }
        return batch;
    }

    /**
     * One batch's calls to consent-service: the first, and those that find out which questions it refused. The
     * batch's permit is released once the last of them is answered.
     */
    private final class Call {

        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger resends = new AtomicInteger(RESENDS);

        void send(List<Asked> batch) {
            open.incrementAndGet();
            CompletionStage<DecisionAnswers> call;
            try {
                call = client.decideBatch(body(batch));
            } catch (Throwable t) {
                call = CompletableFuture.failedFuture(t);
            }
            call.whenComplete((answer, failure) -> {
                try {
                    if (failure == null) {
                        answered(batch, answer);
                    } else {
                        refused(batch, failure);
                    }
                } catch (Throwable t) {
                    // Whatever went wrong, these callers get an answer (their entries become UNDECIDED).
                    LOG.errorf(t, "could not handle consent-service's answer to %d questions", batch.size());
                    batch.forEach(a -> a.answer().completeExceptionally(t));
                } finally {
                    if (open.decrementAndGet() == 0) {
                        inFlight.release();
                    }
                }
            });
        }

        private void answered(List<Asked> batch, DecisionAnswers answer) {
            List<DecisionAnswers.Result> results = answer == null ? null : answer.results();
            if (results == null || results.size() != batch.size()) {
                IllegalStateException wrong = new IllegalStateException("consent-service answered "
                        + (results == null ? 0 : results.size()) + " results for " + batch.size() + " questions");
                batch.forEach(a -> a.answer().completeExceptionally(wrong));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                Asked asked = batch.get(i);
                try {
                    asked.answer().complete(parse(results.get(i), asked.question()));
                } catch (RuntimeException e) {
                    asked.answer().completeExceptionally(e);
                }
            }
        }

        private void refused(List<Asked> batch, Throwable failure) {
            ConsentRefusal refusal = refusalIn(failure);
            if (refusal == null || !refusal.aboutTheQuestions()) {
                batch.forEach(a -> a.answer().completeExceptionally(failure));
                return;
            }
            Set<Integer> named = refusal.questionsNamed();
            if (batch.size() == 1 || named.stream().anyMatch(i -> i >= batch.size())) {
                batch.forEach(a -> a.answer().completeExceptionally(refusal));
            } else if (!named.isEmpty()) {
                List<Asked> others = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    if (named.contains(i)) {
                        batch.get(i).answer().completeExceptionally(refusal);
                    } else {
                        others.add(batch.get(i));
                    }
                }
                LOG.warnf("%s; %d of its %d questions named, asking about the others again", refusal.getMessage(),
                        named.size(), batch.size());
                resend(others, refusal);
            } else {
                // Refused whole, no question named: halve it until the refused ones are alone.
                resend(batch.subList(0, batch.size() / 2), refusal);
                resend(batch.subList(batch.size() / 2, batch.size()), refusal);
            }
        }

        private void resend(List<Asked> questions, ConsentRefusal refusal) {
            List<Asked> waited = questions.stream().filter(a -> !a.answer().isDone()).toList();
            if (waited.isEmpty()) {
                return;
            }
            if (resends.getAndDecrement() <= 0) {
                waited.forEach(a -> a.answer().completeExceptionally(refusal));
                return;
            }
            send(waited);
        }
    }

    private static ConsentRefusal refusalIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConsentRefusal refusal) {
                return refusal;
            }
        }
        return null;
    }

    private ObjectNode body(List<Asked> batch) {
        ObjectNode body = json.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        batch.forEach(a -> requests.add(question(a.question())));
        return body;
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

    /**
     * consent-service answers per subject; the decision time is the call's. The answer must hold one decision for
     * each subject asked about and none other — anything else is refused (the question fails, its entry is recorded
     * UNDECIDED): the ledger never stores a decision about someone it did not ask about, nor an entry some of whose
     * subjects were never decided.
     */
    static List<Decision> parse(DecisionAnswers.Result answer, Question asked) {
        if (answer == null || answer.subjects() == null) {
            throw new IllegalStateException("consent-service answered a question with no decisions");
        }
        Instant decidedAt = answer.decidedAt() != null ? answer.decidedAt() : Instant.now();
        List<Decision> decisions = new ArrayList<>(answer.subjects().size());
        Set<SubjectKey> decided = new HashSet<>();
        for (DecisionAnswers.SubjectAnswer s : answer.subjects()) {
            Decision decision = new Decision(new SubjectKey(SubjectType.valueOf(s.subject().type()), s.subject().id()),
                    Decision.Outcome.valueOf(s.decision()),
                    LegalBasis.valueOf(s.legalBasis() == null ? "NONE" : s.legalBasis()),
                    s.consentId(), s.consentVersion(), s.decisionId(), s.reason(), decidedAt);
            decided.add(decision.subject());
            decisions.add(decision);
        }
        if (decided.size() != decisions.size() || !decided.equals(new HashSet<>(asked.subjects()))) {
            // counts only: subject ids stay out of the logs
            throw new IllegalStateException("consent-service's answer does not cover exactly the subjects asked: "
                    + decisions.size() + " decisions about " + decided.size() + " subjects, "
                    + new HashSet<>(asked.subjects()).size() + " asked about");
        }
        return decisions;
    }
}
