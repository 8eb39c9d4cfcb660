package dev.candor.consent.domain;

import dev.candor.common.json.InstantRange;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.LegalBasis;
import dev.candor.common.vocabulary.Purpose;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The decision engine: a pure function of the directives of a subject, the subject's policy profile and the request.
 * No I/O, no clock, no randomness — the same input always gives the same decision, so it can be tested as a
 * decision table and measured in isolation.
 *
 * <p>Per category, in this order:
 * <ol>
 *   <li>a DENY provision in force that speaks to it beats everything (a restriction therefore beats TPO);</li>
 *   <li>else a PERMIT provision in force that may release it gives basis CONSENT (psychotherapy notes only by a
 *       psychotherapy-notes authorization; SUD records only by a Part 2 consent under the PART2 profile);</li>
 *   <li>else the policy profile decides ({@link PolicyProfile#baseline}).</li>
 * </ol>
 * A provision limited to a data period speaks only as {@link Provision#coversData} says: a PERMIT when the data asked
 * about lies within it, a DENY whenever the data asked about may fall within it.
 * Then implications: an asked-for category is permitted only if every category it reveals is permitted too. The
 * subject's decision is PERMIT only if every asked-for category is.
 */
public final class DecisionEvaluator {

    /** How long a break-glass permit lasts. */
    public static final Duration BREAK_GLASS_VALIDITY = Duration.ofHours(4);

    /** Which basis names an overall PERMIT when categories were permitted on different grounds: the most specific. */
    private static final List<LegalBasis> BASIS_PRECEDENCE = List.of(LegalBasis.CONSENT, LegalBasis.PATIENT_REQUEST,
            LegalBasis.REQUIRED_BY_LAW, LegalBasis.HIPAA_TPO);

    /** A provision in force that speaks to the request. */
    private record Hit(DirectiveSnapshot directive, int index, Provision provision, Set<DataCategory> categories) {
    }

    public SubjectEvaluation evaluate(SubjectRef subject, List<DirectiveSnapshot> directives, PolicyProfile profile,
                                      DecisionQuery query) {
        if (query.categories().isEmpty()) {
            throw new IllegalArgumentException("a decision needs at least one category");
        }
        Set<DataCategory> requested = EnumSet.copyOf(query.categories());
        Set<DataCategory> implied = DataCategory.implied(requested);
        Set<DataCategory> all = EnumSet.copyOf(requested);
        all.addAll(implied);

        List<Hit> hits = new ArrayList<>();
        Map<DataCategory, Hit> denies = new EnumMap<>(DataCategory.class);
        Map<DataCategory, Hit> permits = new EnumMap<>(DataCategory.class);
        Map<DataCategory, Hit> unusablePermits = new EnumMap<>(DataCategory.class);
        Map<DataCategory, Hit> outsideDataPeriod = null; // made only when a data period keeps a PERMIT out
        for (DirectiveSnapshot directive : directives) {
            if (!directive.inForceAt(query.time())) {
                continue;
            }
            List<Provision> provisions = directive.provisions();
            for (int i = 0; i < provisions.size(); i++) {
                Provision provision = provisions.get(i);
                if (!provision.appliesTo(query.recipient(), query.purpose(), query.time())) {
                    continue;
                }
                Set<DataCategory> spoken = EnumSet.noneOf(DataCategory.class);
                for (DataCategory category : provision.categories()) {
                    if (all.contains(category)) {
                        spoken.add(category);
                    }
                }
                if (spoken.isEmpty()) {
                    continue;
                }
                if (!provision.coversData(query.dataPeriod())) {
                    if (provision.effect() == Provision.Effect.PERMIT) {
                        // Not a match, but worth saying if nothing else permits: the reason tells what would.
                        Hit outside = new Hit(directive, i, provision, spoken);
                        if (outsideDataPeriod == null) {
                            outsideDataPeriod = new EnumMap<>(DataCategory.class);
                        }
                        for (DataCategory category : spoken) {
                            outsideDataPeriod.putIfAbsent(category, outside);
                        }
                    }
                    continue;
                }
                Hit hit = new Hit(directive, i, provision, spoken);
                hits.add(hit);
                for (DataCategory category : spoken) {
                    if (provision.effect() == Provision.Effect.DENY) {
                        denies.putIfAbsent(category, hit);
                    } else if (profile.consentMayPermit(directive.kind(), category)) {
                        permits.putIfAbsent(category, hit);
                    } else {
                        unusablePermits.putIfAbsent(category, hit);
                    }
                }
            }
        }

        Map<DataCategory, CategoryOutcome> raw = new EnumMap<>(DataCategory.class);
        Map<DataCategory, Hit> decidedBy = new EnumMap<>(DataCategory.class);
        for (DataCategory category : all) {
            Set<DataCategory> impliedBy = requested.contains(category) ? Set.of() : impliers(category, requested);
            Hit deny = denies.get(category);
            Hit permit = permits.get(category);
            if (deny != null) {
                decidedBy.put(category, deny);
                raw.put(category, outcome(category, Provision.Effect.DENY, LegalBasis.NONE, deny.directive(),
                        impliedBy, "denied by " + cite(deny.directive()) + dataScope(deny, query)));
            } else if (permit != null) {
                decidedBy.put(category, permit);
                raw.put(category, outcome(category, Provision.Effect.PERMIT, LegalBasis.CONSENT, permit.directive(),
                        impliedBy, "permitted by " + cite(permit.directive()) + dataScope(permit, query)));
            } else {
                PolicyProfile.Baseline baseline = profile.baseline(category, query.purpose(),
                        query.recipient().type());
                String reason = baseline.reason();
                Hit unusable = unusablePermits.get(category);
                if (unusable != null && !baseline.permits()) {
                    reason += "; " + cite(unusable.directive()) + " cannot release it";
                }
                Hit outside = outsideDataPeriod == null ? null : outsideDataPeriod.get(category);
                if (outside != null && !baseline.permits()) {
                    reason += "; " + cite(outside.directive()) + " permits it only for data in "
                            + outside.provision().dataPeriod() + (query.dataPeriod() == null
                            ? ", and the request states no data period" : ", which the data asked about "
                            + query.dataPeriod() + " is not within");
                }
                raw.put(category, outcome(category, baseline.permits() ? Provision.Effect.PERMIT
                        : Provision.Effect.DENY, baseline.basis(), null, impliedBy, reason));
            }
        }

        List<CategoryOutcome> outcomes = new ArrayList<>();
        Set<DataCategory> permitted = EnumSet.noneOf(DataCategory.class);
        for (DataCategory category : requested) {
            CategoryOutcome outcome = raw.get(category);
            if (outcome.permitted()) {
                for (DataCategory revealed : DataCategory.implied(EnumSet.of(category))) {
                    CategoryOutcome blocker = raw.get(revealed);
                    if (!blocker.permitted()) {
                        outcome = new CategoryOutcome(category, Provision.Effect.DENY, LegalBasis.NONE,
                                blocker.directiveId(), blocker.directiveVersion(), false, Set.of(),
                                "it reveals " + revealed + ", which is not permitted: " + blocker.reason());
                        break;
                    }
                }
            }
            if (outcome.permitted()) {
                permitted.add(category);
            }
            outcomes.add(outcome);
        }
        for (DataCategory category : implied) {
            outcomes.add(raw.get(category));
        }

        boolean permit = permitted.size() == requested.size();
        LegalBasis basis = permit ? strongest(outcomes.stream().filter(o -> !o.implied())
                .map(CategoryOutcome::legalBasis).collect(Collectors.toSet())) : LegalBasis.NONE;
        ConsentRef consent = restsOn(outcomes, basis, directives);

        List<MatchedProvision> matched = new ArrayList<>(hits.size());
        for (Hit hit : hits) {
            boolean applied = decidedBy.values().stream().anyMatch(h -> h == hit);
            matched.add(new MatchedProvision(hit.directive().directiveId(), hit.directive().version(),
                    hit.directive().kind(), hit.index(), hit.provision().effect(),
                    Collections.unmodifiableSet(hit.categories()), applied));
        }

        boolean breakGlass = query.purpose() == Purpose.ETREAT;
        boolean reviewRequired = breakGlass && !permitted.isEmpty();
        // Kept within the instants PostgreSQL stores (a break-glass decision "at" 9999-12-31 failed its commit).
        Instant validUntil = reviewRequired ? min(query.time().plus(BREAK_GLASS_VALIDITY), InstantRange.MAX) : null;
        List<Obligation> obligations = obligations(requested, permitted, validUntil, query.reason());
        String reason = (permit ? "PERMIT" : "DENY") + " for " + subject + ": " + explain(outcomes)
                + (!permit && !permitted.isEmpty() ? " Permitted subset (minimum necessary): " + names(permitted) + "."
                : "")
                + (reviewRequired ? " Break-glass access until " + validUntil + ", flagged for review." : "");
        return new SubjectEvaluation(subject, profile, permit ? Provision.Effect.PERMIT : Provision.Effect.DENY, basis,
                consent, List.copyOf(outcomes), Collections.unmodifiableSet(implied),
                Collections.unmodifiableSet(permitted), List.copyOf(matched), obligations, breakGlass,
                reviewRequired, validUntil, reason);
    }

    /** The decision for a whole request: PERMIT only if PERMIT for every subject. */
    public OverallEvaluation combine(List<SubjectEvaluation> subjects, DecisionQuery query) {
        Set<DataCategory> permitted = EnumSet.copyOf(query.categories());
        List<SubjectRef> denied = new ArrayList<>();
        Set<LegalBasis> bases = EnumSet.noneOf(LegalBasis.class);
        boolean reviewRequired = false;
        Instant validUntil = null;
        for (SubjectEvaluation subject : subjects) {
            permitted.retainAll(subject.permittedCategories());
            if (subject.decision() == Provision.Effect.DENY) {
                denied.add(subject.subject());
            } else {
                bases.add(subject.legalBasis());
            }
            reviewRequired |= subject.reviewRequired();
            if (subject.validUntil() != null && (validUntil == null || subject.validUntil().isBefore(validUntil))) {
                validUntil = subject.validUntil();
            }
        }
        boolean permit = denied.isEmpty();
        String reason;
        if (subjects.size() == 1) {
            reason = subjects.get(0).reason();
        } else if (permit) {
            reason = "PERMIT for all " + subjects.size() + " subjects (" + bases.stream().map(Enum::name)
                    .sorted().collect(Collectors.joining(", ")) + ").";
        } else {
            reason = "DENY: denied for " + denied.size() + " of " + subjects.size() + " subjects ("
                    + denied.stream().limit(10).map(SubjectRef::toString).collect(Collectors.joining(", "))
                    + (denied.size() > 10 ? " and " + (denied.size() - 10) + " more" : "") + "); see each subject's "
                    + "reason. " + (permitted.isEmpty() ? "No category is permitted for every subject."
                    : "Permitted for every subject: " + names(permitted) + ".");
        }
        return new OverallEvaluation(permit ? Provision.Effect.PERMIT : Provision.Effect.DENY,
                permit ? strongest(bases) : LegalBasis.NONE,
                Collections.unmodifiableSet(DataCategory.implied(query.categories())),
                Collections.unmodifiableSet(permitted), List.copyOf(denied), query.purpose() == Purpose.ETREAT,
                reviewRequired, validUntil, reason);
    }

    private static CategoryOutcome outcome(DataCategory category, Provision.Effect effect, LegalBasis basis,
                                           DirectiveSnapshot directive, Set<DataCategory> impliedBy, String reason) {
        return new CategoryOutcome(category, effect, basis, directive == null ? null : directive.directiveId(),
                directive == null ? null : directive.version(), !impliedBy.isEmpty(), impliedBy, reason);
    }

    private static Set<DataCategory> impliers(DataCategory category, Set<DataCategory> requested) {
        Set<DataCategory> impliers = EnumSet.noneOf(DataCategory.class);
        for (DataCategory candidate : requested) {
            if (DataCategory.implied(EnumSet.of(candidate)).contains(category)) {
                impliers.add(candidate);
            }
        }
        return Collections.unmodifiableSet(impliers);
    }

    private static LegalBasis strongest(Set<LegalBasis> bases) {
        for (LegalBasis basis : BASIS_PRECEDENCE) {
            if (bases.contains(basis)) {
                return basis;
            }
        }
        return LegalBasis.NONE;
    }

    /**
     * The directive version the subject's decision rests on: for a PERMIT by consent, the consent of the first
     * asked-for category permitted by consent; for a DENY, the directive behind the first category a directive
     * denied (none when only the profile denied).
     */
    private static ConsentRef restsOn(List<CategoryOutcome> outcomes, LegalBasis basis,
                                      List<DirectiveSnapshot> directives) {
        for (CategoryOutcome outcome : outcomes) {
            boolean relevant = basis == LegalBasis.CONSENT
                    ? !outcome.implied() && outcome.legalBasis() == LegalBasis.CONSENT
                    : basis == LegalBasis.NONE && !outcome.permitted() && outcome.directiveId() != null;
            if (relevant) {
                for (DirectiveSnapshot directive : directives) {
                    if (directive.directiveId().equals(outcome.directiveId())
                            && directive.version() == outcome.directiveVersion()) {
                        return ConsentRef.of(directive);
                    }
                }
            }
        }
        return null;
    }

    private static List<Obligation> obligations(Set<DataCategory> requested, Set<DataCategory> permitted,
                                                Instant validUntil, String statedReason) {
        if (permitted.isEmpty()) {
            return List.of();
        }
        List<Obligation> obligations = new ArrayList<>(3);
        Set<DataCategory> withheld = EnumSet.copyOf(requested);
        withheld.removeAll(permitted);
        obligations.add(new Obligation(Obligation.Code.MINIMUM_NECESSARY, Collections.unmodifiableSet(permitted),
                "disclose only " + names(permitted) + (withheld.isEmpty() ? "" : "; withhold " + names(withheld))));
        if (validUntil != null) {
            obligations.add(new Obligation(Obligation.Code.BREAK_GLASS_REVIEW, Collections.unmodifiableSet(permitted),
                    "emergency access ends at " + validUntil + " and will be reviewed; stated reason: "
                            + statedReason));
        }
        if (permitted.contains(DataCategory.SUD_RECORDS)) {
            obligations.add(new Obligation(Obligation.Code.PART2_REDISCLOSURE_NOTICE, Set.of(DataCategory.SUD_RECORDS),
                    "attach the notice prohibiting re-disclosure (42 CFR 2.32)"));
        }
        return List.copyOf(obligations);
    }

    /** "BILLING_CODES, SESSION_DATES: permitted by …; SESSION_DURATION (implied): permitted without consent …." */
    private static String explain(List<CategoryOutcome> outcomes) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (CategoryOutcome outcome : outcomes) {
            byReason.computeIfAbsent(outcome.reason(), r -> new ArrayList<>())
                    .add(outcome.category() + (outcome.implied() ? " (implied)" : ""));
        }
        return byReason.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + ": " + e.getKey())
                .collect(Collectors.joining("; ")) + ".";
    }

    /** For a provision limited to a data period: which data it spoke for, and why it spoke to this request. */
    private static String dataScope(Hit hit, DecisionQuery query) {
        DataPeriod period = hit.provision().dataPeriod();
        if (period == null) {
            return "";
        }
        if (hit.provision().effect() == Provision.Effect.PERMIT) {
            return " for data in " + period;
        }
        return " for data in " + period + (query.dataPeriod() == null
                ? " (the request states no data period, so its data may fall within it)"
                : " (the data asked about " + query.dataPeriod() + " overlaps it)");
    }

    private static String cite(DirectiveSnapshot directive) {
        return directive.kind().describe() + " " + directive.directiveId() + " version " + directive.version();
    }

    private static String names(Set<DataCategory> categories) {
        return categories.stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
