package dev.candor.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.domain.ConsentDecisions.Question;
import dev.candor.ledger.domain.Decision;
import dev.candor.ledger.domain.SubjectKey;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batcher against a stubbed consent-service batch API: the test sees each call as it is made and answers it
 * (or not) itself. Waits are bounded only to end a broken test; nothing assumes how fast the machine is.
 */
class RestConsentDecisionsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** A call to the stub: what was asked, and the answer the test gives. */
    record Call(JsonNode body, CompletableFuture<DecisionAnswers> answer) {

        List<JsonNode> requests() {
            return StreamSupport.stream(body.path("requests").spliterator(), false).toList();
        }

        List<String> recipients() {
            return requests().stream().map(r -> r.path("recipient").path("id").asText()).toList();
        }

        /** One PERMIT per subject asked about, as consent-service answers. */
        void permitAll() {
            answer.complete(new DecisionAnswers(requests().stream().map(r -> result(subjectsOf(r))).toList()));
        }

        void refuse(int status, String problem) {
            answer.completeExceptionally(ConsentRefusal.of(status, problem));
        }
    }

    private final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final RestConsentDecisions batcher = new RestConsentDecisions();

    {
        batcher.json = JSON;
        batcher.client = body -> {
            Call call = new Call(body, new CompletableFuture<>());
            calls.add(call);
            return call.answer();
        };
    }

    @AfterEach
    void stop() throws InterruptedException {
        batcher.stop(null);
    }

    private Call nextCall() throws InterruptedException {
        Call call = calls.poll(30, TimeUnit.SECONDS);
        assertThat(call).as("a call to consent-service").isNotNull();
        return call;
    }

    static Question question(String recipient, String... patients) {
        return new Question(java.util.Arrays.stream(patients).map(p -> new SubjectKey(SubjectType.PATIENT, p)).toList(),
                recipient, RecipientType.INSURER, Set.of(DataCategory.BILLING_CODES), Purpose.HPAYMT,
                Instant.parse("2026-10-01T09:30:00Z"), null);
    }

    static List<String> subjectsOf(JsonNode request) {
        return StreamSupport.stream(request.path("subjects").spliterator(), false).map(s -> s.path("id").asText())
                .toList();
    }

    static DecisionAnswers.Result result(List<String> patients) {
        return new DecisionAnswers.Result(Instant.now(), patients.stream().map(p -> new DecisionAnswers.SubjectAnswer(
                new DecisionAnswers.SubjectRef("PATIENT", p), "PERMIT", "HIPAA_TPO", null, null, UUID.randomUUID(),
                "treatment, payment or operations")).toList());
    }

    private static List<Decision> answerOf(CompletionStage<List<Decision>> answer) throws Exception {
        return answer.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aQuestionWhoseCallerGaveUpIsNotSent() throws Exception {
        CompletableFuture<List<Decision>> givenUp = batcher.decide(question("ins-timed-out", "pat-a"))
                .toCompletableFuture();
        CompletionStage<List<Decision>> waited = batcher.decide(question("ins-waiting", "pat-b"));
        givenUp.completeExceptionally(new TimeoutException("the append's 2 s are up"));
        batcher.start(null);

        Call call = nextCall();
        assertThat(call.recipients()).containsExactly("ins-waiting");
        call.permitAll();
        assertThat(answerOf(waited)).extracting(d -> d.subject().id()).containsExactly("pat-b");
    }

    @Test
    void whenThePartsOfALargeCohortAreGivenUpOnNoneOfThemIsSent() throws Exception {
        String[] cohort = IntStream.range(0, 2500).mapToObj(i -> "pat-" + i).toArray(String[]::new);
        batcher.decide(question("ins-cohort", cohort)).toCompletableFuture().cancel(false);
        CompletionStage<List<Decision>> small = batcher.decide(question("ins-small", "pat-s"));
        batcher.start(null);

        Call call = nextCall();
        assertThat(call.recipients()).containsExactly("ins-small");
        call.permitAll();
        answerOf(small);
        assertThat(calls).isEmpty();
    }

    @Test
    void beyondTheQueuesBoundAQuestionFailsAtOnce() {
        // the dispatcher is not started: nothing leaves the queue
        List<CompletableFuture<List<Decision>>> queued = new ArrayList<>();
        for (int i = 0; i < RestConsentDecisions.MAX_QUEUED; i++) {
            queued.add(batcher.decide(question("ins-" + i, "pat-q")).toCompletableFuture());
        }
        assertThat(queued).noneMatch(CompletableFuture::isDone);

        CompletableFuture<List<Decision>> over = batcher.decide(question("ins-over", "pat-q")).toCompletableFuture();
        assertThat(over).isCompletedExceptionally();
        assertThatThrownBy(over::join).hasMessageContaining("wait for consent-service already");
    }

    @Test
    void anAnswerThatDoesNotCoverExactlyTheSubjectsAskedFailsThatQuestionOnly() throws Exception {
        CompletionStage<List<Decision>> partial = batcher.decide(question("ins-partial", "pat-a", "pat-b"));
        CompletionStage<List<Decision>> extra = batcher.decide(question("ins-extra", "pat-c"));
        CompletionStage<List<Decision>> twice = batcher.decide(question("ins-twice", "pat-d", "pat-e"));
        CompletionStage<List<Decision>> right = batcher.decide(question("ins-right", "pat-f"));
        batcher.start(null);

        Call call = nextCall();
        assertThat(call.recipients()).containsExactly("ins-partial", "ins-extra", "ins-twice", "ins-right");
        call.answer().complete(new DecisionAnswers(List.of(
                result(List.of("pat-a")),                  // pat-b never decided
                result(List.of("pat-c", "pat-somebody")),  // a decision about someone not asked about
                result(List.of("pat-d", "pat-d")),         // pat-d twice, pat-e never
                result(List.of("pat-f")))));

        for (CompletionStage<List<Decision>> wrong : List.of(partial, extra, twice)) {
            assertThatThrownBy(() -> answerOf(wrong)).hasMessageContaining("cover exactly the subjects asked");
        }
        assertThat(answerOf(right)).extracting(d -> d.subject().id()).containsExactly("pat-f");
    }

    @Test
    void anAnswerWithTheWrongNumberOfResultsFailsEveryQuestionOfTheCall() throws Exception {
        CompletionStage<List<Decision>> first = batcher.decide(question("ins-1", "pat-a"));
        CompletionStage<List<Decision>> second = batcher.decide(question("ins-2", "pat-b"));
        batcher.start(null);

        nextCall().answer().complete(new DecisionAnswers(List.of(result(List.of("pat-a")))));

        assertThatThrownBy(() -> answerOf(first)).hasMessageContaining("1 results for 2 questions");
        assertThatThrownBy(() -> answerOf(second)).hasMessageContaining("1 results for 2 questions");
    }

    @Test
    void aQuestionConsentServiceNamesInItsRefusalFailsAloneAndTheOthersAreAskedAgain() throws Exception {
        List<CompletionStage<List<Decision>>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(batcher.decide(question("ins-" + i, "pat-" + i)));
        }
        batcher.start(null);

        Call refused = nextCall();
        assertThat(refused.requests()).hasSize(5);
        refused.refuse(400, """
                {"type": "https://candor.dev/problems/validation", "status": 400,
                 "detail": "requests[2].reason: must not be blank",
                 "errors": [{"field": "requests[2].reason", "message": "must not be blank"}]}""");
        Call again = nextCall();
        assertThat(again.recipients()).containsExactly("ins-0", "ins-1", "ins-3", "ins-4");
        again.permitAll();

        assertThatThrownBy(() -> answerOf(answers.get(2))).hasCauseInstanceOf(ConsentRefusal.class)
                .hasMessageContaining("must not be blank");
        for (int i : new int[]{0, 1, 3, 4}) {
            assertThat(answerOf(answers.get(i))).extracting(d -> d.subject().id()).containsExactly("pat-" + i);
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void aRefusalThatNamesNoQuestionIsNarrowedDownByHalvingTheCall() throws Exception {
        List<CompletionStage<List<Decision>>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(batcher.decide(question(i == 11 ? "ins-poison" : "ins-" + i, "pat-" + i)));
        }
        batcher.start(null);

        // consent-service refuses every call that holds the poisoned question, naming none
        // The answers may complete on the batcher's thread just after the test answered the last call (when the
        // batcher had not yet registered its callback): wait for calls only while some answer is still open.
        int made = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answers.stream().allMatch(a -> a.toCompletableFuture().isDone())) {
            assertThat(System.nanoTime()).as("every question answered within 30 s").isLessThan(deadline);
            Call call = calls.poll(50, TimeUnit.MILLISECONDS);
            if (call == null) {
                continue;
            }
            made++;
            if (call.recipients().contains("ins-poison")) {
                call.refuse(400, "{\"status\": 400, \"detail\": \"refused\"}");
            } else {
                call.permitAll();
            }
        }

        assertThatThrownBy(() -> answerOf(answers.get(11))).hasCauseInstanceOf(ConsentRefusal.class);
        for (int i = 0; i < 16; i++) {
            if (i != 11) {
                assertThat(answerOf(answers.get(i))).hasSize(1);
            }
        }
        assertThat(made).as("the first call, then two per halving: 16 → 8 → 4 → 2 → 1").isEqualTo(1 + 2 * 4);
    }

    @Test
    void aRefusalAboutTheCallerOrAServerErrorFailsTheWholeCallWithoutAskingAgain() throws Exception {
        CompletionStage<List<Decision>> a = batcher.decide(question("ins-a", "pat-a"));
        CompletionStage<List<Decision>> b = batcher.decide(question("ins-b", "pat-b"));
        batcher.start(null);
        nextCall().refuse(403, "{\"status\": 403, \"detail\": \"not allowed\"}");
        assertThatThrownBy(() -> answerOf(a)).hasMessageContaining("403");
        assertThatThrownBy(() -> answerOf(b)).hasMessageContaining("403");

        CompletionStage<List<Decision>> c = batcher.decide(question("ins-c", "pat-c"));
        nextCall().answer().completeExceptionally(new WebApplicationException(503));
        assertThatThrownBy(() -> answerOf(c)).hasCauseInstanceOf(WebApplicationException.class);
        assertThat(calls).isEmpty();
    }

    @Test
    void onStopWhatIsQueuedFailsAtOnceAndNoQuestionIsTakenAnyMore() throws Exception {
        batcher.start(null);
        // every call in flight and unanswered: the next question has to wait in the queue
        List<Call> unanswered = new ArrayList<>();
        for (int i = 0; i < RestConsentDecisions.IN_FLIGHT; i++) {
            batcher.decide(question("ins-" + i, "pat-" + i));
            unanswered.add(nextCall());
        }
        CompletableFuture<List<Decision>> queued = batcher.decide(question("ins-queued", "pat-q"))
                .toCompletableFuture();

        batcher.stop(null);

        assertThat(queued).isCompletedExceptionally();
        assertThatThrownBy(queued::join).hasMessageContaining("stopping");
        assertThat(batcher.decide(question("ins-late", "pat-l")).toCompletableFuture())
                .isCompletedExceptionally();
        assertThat(calls).isEmpty();
        unanswered.forEach(Call::permitAll);
    }
}
