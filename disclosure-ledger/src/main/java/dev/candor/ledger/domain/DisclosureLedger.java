package dev.candor.ledger.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.common.persistence.TimeOrderedIds;
import dev.candor.common.problem.Problem;
import dev.candor.common.problem.ProblemException;
import dev.candor.common.problem.ProblemType;
import dev.candor.common.security.Caller;
import dev.candor.common.vocabulary.DataCategory;
import dev.candor.common.vocabulary.Purpose;
import dev.candor.common.vocabulary.SubjectType;
import dev.candor.ledger.api.DisclosureRequest;
import dev.candor.ledger.config.LedgerConfig;
import dev.candor.ledger.persistence.Sequencer;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.merkle.LedgerLeaf;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Records disclosures: validates them, asks consent-service for a decision per subject, flags what nothing
 * covered, and hands the entries to the sequencer. A disclosure is never refused for what it discloses — only
 * for being malformed.
 */
@ApplicationScoped
public class DisclosureLedger {

    /** How far in the future an occurredAt may lie: clocks of disclosing systems drift. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** How long a decision may take before the entry is recorded UNDECIDED instead. */
    static final Duration DECISION_TIMEOUT = Duration.ofSeconds(2);

    @Inject
    ConsentDecisions consent;

    @Inject
    Sequencer sequencer;

    @Inject
    ManagedExecutor executor;

    private ObjectMapper json;
    /** Batches take turns (single appends do not wait: each is one entry, bounded by the HTTP connections). */
    private EntriesInFlight batchEntries;

    @Inject
    void setConfig(LedgerConfig config) {
        batchEntries = new EntriesInFlight(config.batchEntriesInFlight());
    }

    @Inject
    void setJson(ObjectMapper mapper) {
        // Committed content leaves absent fields out, so the same disclosure always canonicalises the same way.
        this.json = mapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * The request as committed to (and as hashed to recognise a retry). Categories are a set: they are written in
     * name order, because a set's own order follows the enum constants' identity hashes, which differ from one JVM to
     * the next — the same retry on another replica would otherwise hash differently and be refused as a reuse.
     */
    public ObjectNode contentOf(DisclosureRequest request) {
        ObjectNode content = json.valueToTree(request);
        if (request.categories() != null) {
            content.set("categories", json.valueToTree(request.categories().stream().filter(Objects::nonNull)
                    .map(Enum::name).sorted().toList()));
        }
        return content;
    }

    /** Records one disclosure. */
    public CompletionStage<List<SequencedEntry>> record(Caller caller, DisclosureRequest request,
                                                         String idempotencyKey) {
        return record(caller, List.of(request), idempotencyKey, false);
    }

    /** Records a batch of disclosures, all or nothing; errors name each entry as {@code entries[i].field}. */
    public CompletionStage<List<SequencedEntry>> recordBatch(Caller caller, List<DisclosureRequest> requests,
                                                              String idempotencyKey) {
        return record(caller, requests, idempotencyKey, true);
    }

    private CompletionStage<List<SequencedEntry>> record(Caller caller, List<DisclosureRequest> requests,
                                                         String idempotencyKey, boolean batch) {
        String org = discloserOrg(caller);
        Instant now = Instant.now();
        for (int i = 0; i < requests.size(); i++) {
            validate(requests.get(i), now, batch ? "entries[" + i + "]." : "");
        }
        if (!batch) {
            return sequence(caller, org, requests, idempotencyKey, false, now);
        }
        return batchEntries.run(requests.size(),
                () -> sequence(caller, org, requests, idempotencyKey, true, Instant.now()), executor);
    }

    private CompletionStage<List<SequencedEntry>> sequence(Caller caller, String org, List<DisclosureRequest> requests,
                                                           String idempotencyKey, boolean batch, Instant now) {
        List<CompletableFuture<EntryDraft>> drafts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            DisclosureRequest request = requests.get(i);
            // A batch's entries are keyed <key>#i (a batch of one too), a single append by the bare key: the
            // sequencer tells the two shapes apart by the '#', which a client's key cannot contain.
            String key = idempotencyKey == null ? null : batch ? idempotencyKey + "#" + i : idempotencyKey;
            // The request as committed to; its canonical hash tells a retry (same body) from a reuse of the key.
            ObjectNode disclosure = contentOf(request);
            byte[] hash = LeafCodec.sha256(CanonicalJson.canonicalBytes(disclosure));
            drafts.add(decide(request, now).thenApply(decisions ->
                    draft(caller, org, request, disclosure, now, decisions, key, hash)).toCompletableFuture());
        }
        return CompletableFuture.allOf(drafts.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> sequencer.append(drafts.stream().map(CompletableFuture::join).toList()));
    }

    /** The organisation of disclosures Candor itself makes (report-service handing a report to a regulator). */
    public static final String PLATFORM_ORG = "candor-platform";

    private static String discloserOrg(Caller caller) {
        if (caller.hasRole(Caller.DISCLOSER) && caller.orgId() != null) {
            return caller.orgId();
        }
        if (caller.hasRole(Caller.ADMIN)) {
            return "admin-import";
        }
        if (caller.hasRole(Caller.SERVICE)) {
            return PLATFORM_ORG; // Candor's own services: a report handed to a regulator is a disclosure too
        }
        throw ProblemException.forbidden("the disclosing client's token carries no org_id");
    }

    /** Decisions, or null when consent-service could not answer in time (the entry is then UNDECIDED). */
    private CompletionStage<List<Decision>> decide(DisclosureRequest request, Instant now) {
        List<SubjectKey> subjects = new ArrayList<>(subjectsOf(request).keySet());
        Set<DataCategory> categories = withImplied(request.categories());
        ConsentDecisions.Question question = new ConsentDecisions.Question(subjects, request.recipient().id(),
                request.recipient().type(), categories, request.purpose(), request.occurredAt(),
                request.purposeStatement());
        CompletableFuture<List<Decision>> asked;
        try {
            asked = consent.decide(question).toCompletableFuture();
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        return asked.orTimeout(DECISION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> null);
    }

    private EntryDraft draft(Caller caller, String org, DisclosureRequest request, ObjectNode disclosure,
                             Instant now, List<Decision> decisions, String idempotencyKey, byte[] requestHash) {
        Set<DataCategory> categories = withImplied(request.categories());
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        if (decisions == null) {
            flags.add(Flag.UNDECIDED);
            decisions = List.of();
        } else if (decisions.stream().anyMatch(d -> d.outcome() == Decision.Outcome.DENY)) {
            flags.add(Flag.UNAUTHORIZED);
        }
        if (request.purpose() == Purpose.ETREAT) {
            flags.add(Flag.BREAK_GLASS);
        }
        UUID id = TimeOrderedIds.next();
        Map<SubjectKey, Set<SubjectRole>> subjects = subjectsOf(request);
        ObjectNode content = json.createObjectNode();
        content.put("v", LedgerLeaf.PER_SUBJECT_PARTS);
        content.put("id", id.toString());
        content.put("recordedAt", now.toString());
        content.putObject("discloser").put("org", org).put("client", caller.name());
        content.set("disclosure", shared(disclosure));
        content.set("categories", json.valueToTree(categories.stream().map(Enum::name).sorted().toList()));
        content.set("impliedCategories", json.valueToTree(DataCategory.implied(request.categories()).stream()
                .map(Enum::name).sorted().toList()));
        content.set("flags", json.valueToTree(flags.stream().map(Enum::name).sorted().toList()));
        return new EntryDraft(id, now, org, caller.name(), request, categories, flags, decisions,
                content, parts(request, subjects, decisions), LeafCodec.newSalt(), subjects, idempotencyKey,
                requestHash);
    }

    /**
     * What every subject of the entry may see: the disclosure without whom it was about — no named subjects, no
     * cohort members (the cohort's size and description stay). Who it was about is in the parts.
     */
    private static ObjectNode shared(ObjectNode disclosure) {
        ObjectNode shared = disclosure.deepCopy();
        shared.remove("subjects");
        if (shared.get("cohort") instanceof ObjectNode cohort) {
            cohort.remove("memberIds");
        }
        return shared;
    }

    /**
     * One part per subject, in subject order: who ({@code TYPE:id}), how the entry concerns them (roles; a patient's
     * treating provider as the request named it) and their decision (none while the entry is UNDECIDED). A part is
     * shown to its subject, those acting for them and their treating provider; oversight sees all.
     */
    private List<ObjectNode> parts(DisclosureRequest request, Map<SubjectKey, Set<SubjectRole>> subjects,
                                   List<Decision> decisions) {
        Map<SubjectKey, String> treating = new HashMap<>();
        for (DisclosureRequest.Subject s : request.subjectsOrEmpty()) {
            if (s.treatingProviderId() != null) {
                treating.put(new SubjectKey(s.type(), s.id()), s.treatingProviderId());
            }
        }
        Map<SubjectKey, Decision> decided = new HashMap<>();
        decisions.forEach(d -> decided.put(d.subject(), d));
        List<ObjectNode> parts = new ArrayList<>(subjects.size());
        for (Map.Entry<SubjectKey, Set<SubjectRole>> s : subjects.entrySet()) {
            SubjectKey key = s.getKey();
            ObjectNode part = json.createObjectNode();
            part.put("subject", key.type() + ":" + key.id());
            ArrayNode roles = part.putArray("roles");
            s.getValue().stream().map(Enum::name).sorted().forEach(roles::add);
            if (treating.containsKey(key)) {
                part.put("treatingProviderId", treating.get(key));
            }
            Decision d = decided.get(key);
            if (d != null) {
                part.putObject("decision")
                        .put("outcome", d.outcome().name())
                        .put("basis", d.basis().name())
                        .put("consent", d.consentId() == null ? "" : d.consentId() + "@" + d.consentVersion())
                        .put("decisionId", d.decisionId() == null ? "" : d.decisionId().toString());
            }
            parts.add(part);
        }
        return parts;
    }

    static Set<DataCategory> withImplied(Set<DataCategory> categories) {
        Set<DataCategory> all = EnumSet.copyOf(categories);
        all.addAll(DataCategory.implied(categories));
        return all;
    }

    /** Every subject an entry concerns and how; ordered so that the leaf's links come out the same every time. */
    static Map<SubjectKey, Set<SubjectRole>> subjectsOf(DisclosureRequest request) {
        Map<SubjectKey, Set<SubjectRole>> subjects = new TreeMap<>();
        for (DisclosureRequest.Subject s : request.subjectsOrEmpty()) {
            subjects.computeIfAbsent(new SubjectKey(s.type(), s.id()), k -> EnumSet.noneOf(SubjectRole.class))
                    .add(SubjectRole.SUBJECT);
            if (s.treatingProviderId() != null) {
                subjects.computeIfAbsent(SubjectKey.provider(s.treatingProviderId()),
                        k -> EnumSet.noneOf(SubjectRole.class)).add(SubjectRole.TREATING);
            }
        }
        if (request.cohort() != null) {
            for (String member : request.cohort().memberIds()) {
                subjects.computeIfAbsent(SubjectKey.patient(member), k -> EnumSet.noneOf(SubjectRole.class))
                        .add(SubjectRole.MEMBER);
            }
        }
        return subjects;
    }

    /** What bean validation cannot say: the rules between fields. */
    static void validate(DisclosureRequest request, Instant now, String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.occurredAt().isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new Problem.FieldError(prefix + "occurredAt", "lies in the future"));
        }
        if (request.subjectsOrEmpty().isEmpty() && request.cohort() == null) {
            errors.add(new Problem.FieldError(prefix + "subjects", "name at least one subject or a cohort"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.subjectsOrEmpty().size(); i++) {
            DisclosureRequest.Subject s = request.subjectsOrEmpty().get(i);
            if (!seen.add(s.type() + ":" + s.id())) {
                errors.add(new Problem.FieldError(prefix + "subjects[" + i + "]", "duplicate subject " + s.id()));
            }
            if (s.treatingProviderId() != null && s.type() != SubjectType.PATIENT) {
                errors.add(new Problem.FieldError(prefix + "subjects[" + i + "].treatingProviderId",
                        "only a patient has a treating provider"));
            }
        }
        if (request.cohort() != null) {
            Set<String> members = new HashSet<>();
            List<String> ids = request.cohort().memberIds();
            for (int i = 0; i < ids.size(); i++) {
                if (!members.add(ids.get(i))) {
                    errors.add(new Problem.FieldError(prefix + "cohort.memberIds[" + i + "]",
                            "duplicate member " + ids.get(i)));
                    break;
                }
            }
            if (request.cohort().size() < ids.size()) {
                errors.add(new Problem.FieldError(prefix + "cohort.size", "is smaller than the number of members"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION,
                    errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
    }
}
