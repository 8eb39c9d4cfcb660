package dev.candor.consent.domain;

import dev.candor.common.persistence.TimeOrderedIds;
import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.config.ConsentConfig;
import dev.candor.consent.persistence.DecisionStore;
import dev.candor.consent.persistence.KeptDecisions;
import dev.candor.consent.persistence.SubjectConsentCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Answers decision requests: takes what the engine needs from {@link SubjectConsentCache} (the subjects' directives
 * and profile settings, loaded in one round trip for those not in memory), lets the pure {@link DecisionEvaluator}
 * decide, and keeps every decision.
 */
@ApplicationScoped
public class DecisionService {

    /** Most requests in one batch call. */
    public static final int MAX_REQUESTS = 1_000;
    /** Most subjects in one call, across all its requests (an aggregate dataset names each member). */
    public static final int MAX_SUBJECTS = 10_000;
    /**
     * Subjects one break-glass request may name; also the most break-glass subjects in one call, summed over its
     * requests, for callers whose access break-glass widens (all but the service account, regulators and admins).
     */
    public static final int MAX_BREAK_GLASS_SUBJECTS = 10;

    /** Longest stated reason: it is kept with the request and with every subject's row. */
    public static final int MAX_REASON = 2_000;

    /** Roles that ask about any subject; patients and delegates ask only about the patients they act for. */
    private static final String[] ASK_FOR_ANYONE = {Caller.DISCLOSER, Caller.SERVICE, Caller.THERAPIST,
            Caller.REGULATOR, Caller.ADMIN};

    private final DecisionEvaluator evaluator = new DecisionEvaluator();

    @Inject
    SubjectConsentCache consents;

    @Inject
    DecisionStore store;

    @Inject
    KeptDecisions kept;

    @Inject
    SubjectAccess access;

    @Inject
    ConsentConfig config;

    @Inject
    AnswerWriter answers;

    /**
     * One decision request as asked.
     *
     * @param time       the moment the decision is about; now when null
     * @param dataPeriod the period of the data to disclose; null when not stated
     */
    public record Ask(List<SubjectRef> subjects, Recipient recipient, Set<DataCategory> categories, Purpose purpose,
                      Instant time, String reason, DataPeriod dataPeriod) {

        /** An ask that does not state the data's period. */
        public Ask(List<SubjectRef> subjects, Recipient recipient, Set<DataCategory> categories, Purpose purpose,
                   Instant time, String reason) {
            this(subjects, recipient, categories, purpose, time, reason, null);
        }
    }

    /**
     * A kept decision: the request as a whole and each subject, each with its id.
     *
     * @param answer the decision as the API answers it ({@link AnswerWriter}), kept with the request's row; null only
     *               while it is being written
     */
    public record Decided(UUID id, Instant decidedAt, DecisionQuery query, OverallEvaluation overall,
                          List<SubjectDecided> subjects, String answer) {
    }

    public record SubjectDecided(UUID id, SubjectEvaluation evaluation) {
    }

    /**
     * Decides every request, all or nothing, and records them in one transaction (shared with concurrent calls,
     * see {@link DecisionStore}); returns once they are committed.
     *
     * @param batch whether the requests came as a batch (field names in problems are then {@code requests[i].…})
     */
    public List<Decided> decide(Caller caller, List<Ask> asks, boolean batch) {
        check(caller, asks, batch);
        Prepared prepared = prepare(asks);
        Map<Instant, SubjectConsentCache.AtTime> stateAt = new LinkedHashMap<>();
        prepared.subjectsByTime().forEach((time, subjects) -> stateAt.put(time, consents.at(subjects, time)));
        Evaluated evaluated = evaluate(caller, asks, prepared, stateAt);
        store.insert(evaluated.rows());
        DecisionMetrics.count(evaluated.decided());
        return evaluated.decided();
    }

    /**
     * A kept decision's answer as it was sent, found by the request's id or by one subject's (what the ledger cites),
     * if this caller may read it ({@link SubjectAccess#mayReadDecision}); otherwise empty, as for an id never given,
     * so that a caller learns nothing of decisions that are not theirs to read.
     */
    public Optional<String> keptAnswer(Caller caller, UUID id) {
        return kept.find(id).filter(k -> access.mayReadDecision(caller, k.requesterSubject(), k.subjects()))
                .map(KeptDecisions.Kept::answer);
    }

    /**
     * The same decisions without blocking a thread, when every subject's consent state is in memory: evaluated at
     * once, completed when the record is committed. Empty when something must be read from the database first —
     * then the caller uses {@link #decide} on a worker thread. Problems with the request are thrown at once.
     */
    public Optional<CompletableFuture<List<Decided>>> decideFromMemory(Caller caller, List<Ask> asks, boolean batch) {
        check(caller, asks, batch);
        Prepared prepared = prepare(asks);
        Map<Instant, SubjectConsentCache.AtTime> stateAt = new LinkedHashMap<>();
        for (Map.Entry<Instant, Set<SubjectRef>> at : prepared.subjectsByTime().entrySet()) {
            Optional<SubjectConsentCache.AtTime> held = consents.atIfHeld(at.getValue(), at.getKey());
            if (held.isEmpty()) {
                return Optional.empty();
            }
            stateAt.put(at.getKey(), held.get());
        }
        Evaluated evaluated = evaluate(caller, asks, prepared, stateAt);
        return Optional.of(store.insertLater(evaluated.rows()).thenApply(committed -> {
            DecisionMetrics.count(evaluated.decided());
            return evaluated.decided();
        }));
    }

    /** The queries as asked (time defaulted to now), and the subjects to look up per distinct time. */
    private record Prepared(Instant decidedAt, List<DecisionQuery> queries,
                            Map<Instant, Set<SubjectRef>> subjectsByTime) {
    }

    private record Evaluated(List<Decided> decided, List<DecisionStore.Row> rows) {
    }

    private static Prepared prepare(List<Ask> asks) {
        Instant decidedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<DecisionQuery> queries = asks.stream().map(a -> new DecisionQuery(a.recipient(),
                Collections.unmodifiableSet(EnumSet.copyOf(a.categories())), a.purpose(),
                a.time() != null ? a.time() : decidedAt, blankToNull(a.reason()), a.dataPeriod())).toList();
        // One look-up per distinct time (a batch usually has one: now).
        Map<Instant, Set<SubjectRef>> subjectsByTime = new LinkedHashMap<>();
        for (int i = 0; i < asks.size(); i++) {
            subjectsByTime.computeIfAbsent(queries.get(i).time(), t -> new LinkedHashSet<>())
                    .addAll(asks.get(i).subjects());
        }
        return new Prepared(decidedAt, queries, subjectsByTime);
    }

    private Evaluated evaluate(Caller caller, List<Ask> asks, Prepared prepared,
                               Map<Instant, SubjectConsentCache.AtTime> stateAt) {
        List<Decided> decided = new ArrayList<>(asks.size());
        List<DecisionStore.Row> rows = new ArrayList<>();
        for (int i = 0; i < asks.size(); i++) {
            DecisionQuery query = prepared.queries().get(i);
            Map<SubjectRef, List<DirectiveSnapshot>> known = stateAt.get(query.time()).directives();
            Map<SubjectRef, PolicyProfile> overrides = stateAt.get(query.time()).profiles();
            List<SubjectDecided> subjects = new ArrayList<>();
            for (SubjectRef subject : asks.get(i).subjects()) {
                subjects.add(new SubjectDecided(TimeOrderedIds.next(), evaluator.evaluate(subject,
                        known.getOrDefault(subject, List.of()),
                        overrides.getOrDefault(subject, config.policyProfile()), query)));
            }
            OverallEvaluation overall = evaluator.combine(
                    subjects.stream().map(SubjectDecided::evaluation).toList(), query);
            Decided unwritten = new Decided(TimeOrderedIds.next(), prepared.decidedAt(), query, overall,
                    List.copyOf(subjects), null);
            Decided one = new Decided(unwritten.id(), unwritten.decidedAt(), query, overall, unwritten.subjects(),
                    answers.write(unwritten));
            decided.add(one);
            rows.addAll(rows(caller, one));
        }
        return new Evaluated(decided, rows);
    }

    private void check(Caller caller, List<Ask> asks, boolean batch) {
        if (asks.size() > MAX_REQUESTS) {
            throw ProblemException.validation("requests", "at most " + MAX_REQUESTS + " requests per batch");
        }
        int total = asks.stream().mapToInt(a -> a.subjects().size()).sum();
        if (total > MAX_SUBJECTS) {
            throw ProblemException.validation(batch ? "requests" : "subjects",
                    "at most " + MAX_SUBJECTS + " subjects per call, " + total + " given");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant now = Instant.now();
        int breakGlassSubjects = 0;
        for (int i = 0; i < asks.size(); i++) {
            Ask ask = asks.get(i);
            String at = batch ? "requests[" + i + "]." : "";
            if (ask.purpose() == Purpose.ETREAT && !statesSomething(ask.reason())) {
                errors.add(new Problem.FieldError(at + "reason",
                        "is required for break-glass (ETREAT): state the emergency"));
            }
            if (ask.reason() != null && ask.reason().length() > MAX_REASON) {
                // the JSON API refuses it while reading the body; every other door (CDS Hooks) is refused here
                errors.add(new Problem.FieldError(at + "reason", "at most " + MAX_REASON + " characters"));
            }
            if (ask.purpose() == Purpose.ETREAT && ask.subjects().size() > MAX_BREAK_GLASS_SUBJECTS) {
                // An emergency concerns the patient in front of the provider; any therapist may break the glass, so
                // a fan-out over thousands of made-up patients (a probe's) is refused, not kept for review.
                errors.add(new Problem.FieldError(at + "subjects", "break-glass (ETREAT) names at most "
                        + MAX_BREAK_GLASS_SUBJECTS + " subjects"));
            }
            if (ask.purpose() == Purpose.ETREAT) {
                breakGlassSubjects += ask.subjects().size();
            }
            if (ask.time() != null && ask.time().isAfter(now.plus(DirectiveRules.CLOCK_SKEW))) {
                // A decision about the future would be worked out from today's directives and kept as if final (a
                // break-glass permit valid in 2030, a PERMIT the patient's later refusal cannot reach).
                errors.add(new Problem.FieldError(at + "time", "lies in the future: a decision is about a moment "
                        + "that has come (at most " + DirectiveRules.CLOCK_SKEW.toMinutes()
                        + " minutes ahead of this service's clock, for clock drift)"));
            }
            DataPeriod.check(ask.dataPeriod(), at + "dataPeriod", errors);
            Set<SubjectRef> seen = new HashSet<>();
            for (int s = 0; s < ask.subjects().size(); s++) {
                if (!seen.add(ask.subjects().get(s))) {
                    errors.add(new Problem.FieldError(at + "subjects[" + s + "]", "names a subject twice"));
                }
            }
        }
        if (batch && breakGlassSubjects > MAX_BREAK_GLASS_SUBJECTS && !access.asksAboutAnyone(caller)) {
            // The same bound over a whole call: a batch of many small break-glass requests is the same fan-out. The
            // service account, regulators and admins may ask about anyone anyway (and the ledger gathers many
            // disclosures' questions into one call), so for them break-glass opens nothing and is not bounded here.
            errors.add(new Problem.FieldError("requests", "break-glass (ETREAT) names at most "
                    + MAX_BREAK_GLASS_SUBJECTS + " subjects per call, summed over its requests; "
                    + breakGlassSubjects + " given"));
        }
        if (!errors.isEmpty()) {
            throw problem(ProblemType.VALIDATION, errors);
        }
        if (!access.mayAskAboutAnyMoment(caller)) {
            List<Problem.FieldError> past = new ArrayList<>();
            for (int i = 0; i < asks.size(); i++) {
                Instant time = asks.get(i).time();
                if (time != null && time.isBefore(now.minus(DirectiveRules.CLOCK_SKEW))) {
                    past.add(new Problem.FieldError((batch ? "requests[" + i + "]." : "") + "time",
                            "therapists and disclosing organisations ask about the present only (a relation opens "
                                    + "the current status, not the consent history): omit time to ask about now"));
                }
            }
            if (!past.isEmpty()) {
                throw problem(ProblemType.FORBIDDEN, past);
            }
        }
        if (!caller.hasAnyRole(ASK_FOR_ANYONE)) {
            for (Ask ask : asks) {
                for (SubjectRef subject : ask.subjects()) {
                    if (subject.type() != SubjectType.PATIENT || !caller.claimsToActFor(subject.id())) {
                        throw ProblemException.forbidden("the caller may ask only about the patients they act for");
                    }
                }
            }
        }
    }

    /**
     * The request's row keeps the whole answer as it was given (every subject's evaluation included); each subject's
     * row keeps the columns a citation needs and no second copy of its text.
     */
    private List<DecisionStore.Row> rows(Caller caller, Decided decided) {
        DecisionQuery query = decided.query();
        OverallEvaluation overall = decided.overall();
        List<DecisionStore.Row> rows = new ArrayList<>(decided.subjects().size() + 1);
        rows.add(new DecisionStore.Row(decided.id(), decided.id(), null, overall.decision(), overall.legalBasis(),
                null, null, query.purpose(), query.recipient(), query.categories(), query.time(),
                decided.decidedAt(), caller.name(), caller.subject(), null, overall.breakGlass(),
                overall.reviewRequired(), overall.validUntil(), query.reason(), decided.answer(),
                query.dataPeriod()));
        for (SubjectDecided subject : decided.subjects()) {
            SubjectEvaluation e = subject.evaluation();
            rows.add(new DecisionStore.Row(subject.id(), decided.id(), e.subject(), e.decision(), e.legalBasis(),
                    e.consent() == null ? null : e.consent().directiveId(),
                    e.consent() == null ? null : e.consent().version(), query.purpose(), query.recipient(),
                    query.categories(), query.time(), decided.decidedAt(), caller.name(), caller.subject(),
                    e.policyProfile(), e.breakGlass(), e.reviewRequired(), e.validUntil(), query.reason(),
                    null, query.dataPeriod()));
        }
        return rows;
    }

    /** A problem naming each field and what is wrong with it. */
    private static ProblemException problem(ProblemType type, List<Problem.FieldError> errors) {
        return new ProblemException(type, errors.stream().map(e -> e.field() + ": " + e.message())
                .collect(Collectors.joining("; ")), errors);
    }

    /** A reason that says something: at least one letter or digit (not only spaces or invisible characters). */
    private static boolean statesSomething(String text) {
        return text != null && text.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
