package dev.candor.consent.bench;

import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.RecipientType;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.consent.domain.DecisionEvaluator;
import dev.candor.consent.domain.DecisionQuery;
import dev.candor.consent.domain.DirectiveKind;
import dev.candor.consent.domain.DirectiveSnapshot;
import dev.candor.consent.domain.DirectiveStatus;
import dev.candor.consent.domain.PolicyProfile;
import dev.candor.consent.domain.Provision;
import dev.candor.consent.domain.Recipient;
import dev.candor.consent.domain.SubjectEvaluation;
import dev.candor.consent.domain.SubjectRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4's in-process target: one decision ≤ 50 µs with 50 directives per subject and 1,000,000 subjects stored.
 *
 * <p>The store is an in-memory map from subject to its 50 directives, as {@code SubjectConsentCache} hands them to the
 * engine. The directives are drawn from a pool of 200,000 distinct ones (so they do not all sit in the CPU cache);
 * each has 1–4 provisions over random recipients, categories, purposes and periods, PERMIT and DENY mixed. Every
 * invocation picks a random subject and a random request, looks the subject up and evaluates — what the service does
 * per subject after its one query. Run with {@code bench/consent jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class DecisionEvaluationBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final DataCategory[] CATEGORIES = DataCategory.values();
    private static final Purpose[] PURPOSES = Purpose.values();
    private static final RecipientType[] RECIPIENT_TYPES = RecipientType.values();

    @Param("1000000")
    public int subjects;

    @Param("50")
    public int directivesPerSubject;

    @Param("200000")
    public int distinctDirectives;

    private final DecisionEvaluator evaluator = new DecisionEvaluator();
    private Map<SubjectRef, List<DirectiveSnapshot>> store;
    private SubjectRef[] subjectRefs;
    private DecisionQuery[] queries;
    private SplittableRandom random;

    @Setup(Level.Trial)
    public void fillTheStore() {
        SplittableRandom seed = new SplittableRandom(20261127L);
        DirectiveSnapshot[] pool = new DirectiveSnapshot[distinctDirectives];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = randomDirective(seed);
        }
        store = new HashMap<>(subjects * 2);
        subjectRefs = new SubjectRef[subjects];
        for (int s = 0; s < subjects; s++) {
            SubjectRef subject = new SubjectRef(SubjectType.PATIENT, "pat-" + s);
            DirectiveSnapshot[] own = new DirectiveSnapshot[directivesPerSubject];
            for (int d = 0; d < own.length; d++) {
                own[d] = pool[seed.nextInt(pool.length)];
            }
            store.put(subject, List.of(own));
            subjectRefs[s] = subject;
        }
        queries = new DecisionQuery[1024];
        for (int q = 0; q < queries.length; q++) {
            queries[q] = new DecisionQuery(randomRecipient(seed), randomCategories(seed, 1 + seed.nextInt(3)),
                    PURPOSES[seed.nextInt(PURPOSES.length)], NOW.minusSeconds(seed.nextInt(86_400 * 365)),
                    "bench");
        }
        random = new SplittableRandom(42);
    }

    @Benchmark
    public SubjectEvaluation decideForOneSubject() {
        SubjectRef subject = subjectRefs[random.nextInt(subjectRefs.length)];
        DecisionQuery query = queries[random.nextInt(queries.length)];
        return evaluator.evaluate(subject, store.getOrDefault(subject, List.of()), PolicyProfile.HIPAA, query);
    }

    private static DirectiveSnapshot randomDirective(SplittableRandom random) {
        int count = 1 + random.nextInt(4);
        List<Provision> provisions = new ArrayList<>(count);
        DirectiveKind kind = random.nextInt(10) == 0 ? DirectiveKind.RESTRICTION : DirectiveKind.GENERAL_CONSENT;
        for (int i = 0; i < count; i++) {
            Instant from = random.nextBoolean() ? null : NOW.minus(Duration.ofDays(random.nextInt(2000)));
            Instant until = random.nextBoolean() ? null : NOW.plus(Duration.ofDays(random.nextInt(2000) - 500));
            if (from != null && until != null && !until.isAfter(from)) {
                until = from.plus(Duration.ofDays(30));
            }
            provisions.add(new Provision(
                    kind == DirectiveKind.RESTRICTION || random.nextInt(4) == 0 ? Provision.Effect.DENY
                            : Provision.Effect.PERMIT,
                    random.nextBoolean() ? Set.of("rcp-" + random.nextInt(50)) : Set.of(),
                    Set.of(RECIPIENT_TYPES[random.nextInt(RECIPIENT_TYPES.length)]),
                    randomCategories(random, 1 + random.nextInt(5)),
                    EnumSet.of(PURPOSES[random.nextInt(PURPOSES.length)], PURPOSES[random.nextInt(PURPOSES.length)]),
                    from, until));
        }
        return new DirectiveSnapshot(new UUID(random.nextLong(), random.nextLong()), 1 + random.nextInt(3), kind,
                DirectiveStatus.ACTIVE, NOW.minus(Duration.ofDays(400 + random.nextInt(2000))), null,
                List.copyOf(provisions));
    }

    private static Recipient randomRecipient(SplittableRandom random) {
        return new Recipient("rcp-" + random.nextInt(50), RECIPIENT_TYPES[random.nextInt(RECIPIENT_TYPES.length)]);
    }

    private static Set<DataCategory> randomCategories(SplittableRandom random, int count) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        while (categories.size() < count) {
            categories.add(CATEGORIES[random.nextInt(CATEGORIES.length)]);
        }
        return categories;
    }
}
