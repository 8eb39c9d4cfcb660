package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.note.Checkpoint;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a person reads in a report, checked against what the report proves. The proofs cover each entry's committed
 * content and the checkpoint; report-service also writes fields for people beside them — an entry's recipient,
 * purpose, categories, date, flags, decision and sentence, the report's {@code log}, {@code period}, groups,
 * highlights, summary and consent coverage. Each of these that follows from the proven content (or from other checked
 * fields) is derived again here, exactly as report-service derives it ({@code EntryPresenter},
 * {@code SubjectReportBuilder}, {@code PlatformReportBuilder}, {@code Wording} → {@link ReportWording}), and
 * compared. What cannot be derived — settlements, erased entries, an incomplete list — is named in a warning.
 */
final class Presentation {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String PATIENT = "PATIENT";
    static final String PROVIDER = "PROVIDER";
    static final String PLATFORM = "PLATFORM";
    /** The flags whose entries a platform-wide report lists in full. */
    static final List<String> LISTED_FLAGS = List.of("UNAUTHORIZED", "UNDECIDED", "BREAK_GLASS");

    /** Every member report-service writes at the top of a report. */
    static final Set<String> REPORT_FIELDS = Set.of("format", "kind", "id", "generatedAt", "period", "requestedBy",
            "subject", "log", "entryCount", "complete", "entries", "groups", "highlights", "consentHistory",
            "consentHistoryWithheld", "summary", "counts", "oversightRecord", "jws");
    /** Every member report-service writes in an entry. */
    static final Set<String> ENTRY_FIELDS = Set.of("leafIndex", "id", "recordedAt", "flags", "decision",
            "occurredAt", "month", "recipient", "purpose", "categories", "impliedCategories", "aggregate", "tpo",
            "sentence", "erased", "content", "salt", "parts", "leafData", "proof");
    /** The members shown only for an entry whose content is there: all of them come from the content. */
    static final List<String> FROM_CONTENT = List.of("occurredAt", "month", "recipient", "purpose", "categories",
            "impliedCategories", "aggregate", "tpo");
    private static final String UNDECIDED = "UNDECIDED";
    private static final String UNAUTHORIZED = "UNAUTHORIZED";

    private Presentation() {
    }

    /**
     * What kind of report this is and what it covers.
     *
     * @param subject {@code TYPE:id} of a report about one subject, null for a platform-wide one (or when unreadable)
     * @param from    the period's start (inclusive), null when unreadable
     * @param to      the period's end (exclusive), null when unreadable
     */
    record Context(String kind, String subject, Instant from, Instant to) {
        boolean platform() {
            return PLATFORM.equals(kind);
        }

        boolean aboutOneSubject() {
            return PATIENT.equals(kind) || PROVIDER.equals(kind);
        }
    }

    // ---------------------------------------------------------------------------------------------------- header

    /**
     * Checks the report's kind against its shape, its {@code log} against the signed checkpoint, its period and
     * {@code complete}.
     *
     * @param checkpoint the embedded checkpoint, null if it did not verify
     */
    static Context header(ObjectNode report, Checkpoint checkpoint, Findings f) {
        String kind = report.path("kind").asText(null);
        if (!report.path("kind").isTextual() || !Set.of(PATIENT, PROVIDER, PLATFORM).contains(kind)) {
            f.fail("kind: " + report.get("kind") + " is not PATIENT, PROVIDER or PLATFORM");
            kind = null;
        }
        String subject = null;
        JsonNode about = report.get("subject");
        if (PLATFORM.equals(kind)) {
            // A report about one subject relabelled PLATFORM would no longer have to show that subject's part of each
            // entry. A real platform-wide report has the ledger's counts and none of a subject's summaries, and shows
            // every part of every entry it lists (checked per entry).
            f.require(about == null, "subject: a platform-wide report is about no one in particular, yet it names "
                    + about);
            f.require(report.path("counts").isObject(), "counts: a platform-wide report carries the ledger's counts;"
                    + " this one has none");
            for (String member : List.of("groups", "highlights", "summary", "consentHistory")) {
                f.require(!report.has(member), member + ": a platform-wide report has none; this one does (a report"
                        + " about one subject, relabelled?)");
            }
        } else if (kind != null) {
            if (about != null && about.path("type").isTextual() && kind.equals(about.get("type").asText())
                    && about.path("id").isTextual() && !about.get("id").asText().isEmpty() && about.size() == 2) {
                subject = kind + ":" + about.get("id").asText();
            } else {
                f.fail("subject: a " + kind + " report names its subject as {\"type\": \"" + kind
                        + "\", \"id\": ...}; this one has " + about);
            }
            f.require(!report.has("counts"), "counts: only a platform-wide report has them");
            f.require(report.path("groups").isArray(), "groups: missing");
            f.require(report.path("highlights").isObject(), "highlights: missing");
            f.require(report.path("summary").isArray(), "summary: missing");
        }

        JsonNode log = report.path("log");
        if (checkpoint != null) {
            boolean same = f.require(log.path("origin").isTextual() && checkpoint.origin().equals(
                    log.get("origin").asText()), "log.origin: " + log.get("origin") + ", but the signed checkpoint's"
                    + " origin is \"" + checkpoint.origin() + "\"");
            same &= f.require(ReportVerifier.naturalNumber(log.get("treeSize")) == checkpoint.size(), "log.treeSize: "
                    + log.get("treeSize") + ", but the signed checkpoint's size is " + checkpoint.size());
            same &= f.require(log.path("rootHash").isTextual() && checkpoint.rootHashBase64().equals(
                    log.get("rootHash").asText()), "log.rootHash: " + log.get("rootHash") + ", but the signed"
                    + " checkpoint's root is \"" + checkpoint.rootHashBase64() + "\"");
            if (same) {
                f.pass("log: origin, treeSize and rootHash are the signed checkpoint's");
            }
        }

        Instant from = instant(report.path("period").get("from"));
        Instant to = instant(report.path("period").get("to"));
        if (from == null || to == null || !from.isBefore(to)) {
            f.fail("period: " + report.get("period") + " is not {\"from\": instant, \"to\": a later instant}");
            from = null;
            to = null;
        }
        f.require(instant(report.get("generatedAt")) != null, "generatedAt: " + report.get("generatedAt")
                + " is not an instant");
        JsonNode complete = report.get("complete");
        if (complete == null || !complete.isBoolean()) {
            f.fail("complete: " + complete + " is not true or false");
        } else if (!complete.booleanValue()) {
            f.warn("complete: false — the report lists only the first " + report.path("entries").size()
                    + " entries of the period; more exist that it does not show (report-service's cap): ask for a"
                    + " shorter period to see them");
        }
        for (Iterator<String> names = report.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!REPORT_FIELDS.contains(name)) {
                f.warn(name + ": a member this verifier does not know; it is signed, but nothing checks what it says");
            }
        }
        return new Context(kind, subject, from, to);
    }

    // ---------------------------------------------------------------------------------------------------- entries

    /**
     * Checks what an entry shows against its content (already proven against its leaf), or, for an erased entry,
     * that it shows nothing the log cannot vouch for, and warns that it cannot be checked.
     *
     * @param at "entry i (leaf n): "
     */
    static void entry(String at, long leaf, JsonNode entry, Context ctx, Findings f) {
        JsonNode content = entry.get("content");
        boolean erased = content == null || content.isNull();
        JsonNode erasedFlag = entry.get("erased");
        f.require(erasedFlag != null && erasedFlag.isBoolean() && erasedFlag.booleanValue() == erased,
                at + "erased: " + erasedFlag + ", but the entry " + (erased ? "has no content" : "has its content"));
        JsonNode flags = entry.get("flags");
        if (!f.require(strings(flags) != null, at + "flags: " + flags + " is not a list of distinct flags")) {
            return;
        }
        if (ctx.platform() && LISTED_FLAGS.stream().noneMatch(flag -> ReportWording.contains(flags, flag))) {
            f.fail(at + "flags: " + flags + " — a platform-wide report lists only UNAUTHORIZED, UNDECIDED and"
                    + " BREAK_GLASS entries");
        }
        if (erased) {
            erased(at, leaf, entry, ctx, f);
            return;
        }
        List<String> unvouched = new ArrayList<>();
        JsonNode disclosure = content.path("disclosure");
        String occurredAt = disclosure.path("occurredAt").textValue();
        Instant occurred = instant(disclosure.get("occurredAt"));
        if (!disclosure.isObject() || occurred == null || occurredAt.length() < 10) {
            f.fail(at + "the committed content has no disclosure with an occurredAt instant");
            return;
        }
        same(at, "id", entry.get("id"), content.get("id"), f);
        recordedAt(at, entry.get("recordedAt"), content.get("recordedAt"), f);
        same(at, "occurredAt", entry.get("occurredAt"), disclosure.get("occurredAt"), f);
        same(at, "month", entry.get("month"), JSON.getNodeFactory().textNode(occurredAt.substring(0, 7)), f);
        ObjectNode recipient = JSON.createObjectNode();
        for (String member : List.of("id", "name", "type")) {
            recipient.put(member, disclosure.path("recipient").path(member).asText());
        }
        same(at, "recipient", entry.get("recipient"), recipient, f);
        String purpose = disclosure.path("purpose").asText();
        same(at, "purpose", entry.get("purpose"), JSON.getNodeFactory().textNode(purpose), f);
        same(at, "categories", entry.get("categories"), content.get("categories"), f);
        same(at, "impliedCategories", entry.get("impliedCategories"), content.get("impliedCategories"), f);
        same(at, "aggregate", entry.get("aggregate"),
                JSON.getNodeFactory().booleanNode(disclosure.path("cohort").isObject()), f);
        same(at, "tpo", entry.get("tpo"), JSON.getNodeFactory().booleanNode(ReportWording.tpo(purpose)), f);
        flags(at, flags, content.get("flags"), unvouched, f);
        decision(at, entry, content, ctx, unvouched, f);
        if (ctx.subject() != null) {
            List<String> others = new ArrayList<>();
            entry.path("parts").forEach(given -> {
                String whose = given.path("part").path("subject").asText();
                if (!whose.equals(ctx.subject())) {
                    others.add(whose);
                }
            });
            if (!others.isEmpty()) {
                // committed, so not a lie — but someone else's health information, which a report about one subject
                // never shows (docs/ledger.md, "Who sees whom")
                f.warn(at + "shows the part of " + String.join(", ", others) + " besides " + ctx.subject()
                        + "'s: a report about one subject shows only theirs");
            }
        }
        if (ctx.platform() && content.path("v").asInt() == LedgerLeaf.PER_SUBJECT_PARTS
                && entry.path("parts").size() != content.path("parts").size()) {
            f.fail(at + "parts: shows " + entry.path("parts").size() + " of the " + content.path("parts").size()
                    + " parts the entry commits to; a platform-wide report shows every one");
        }
        JsonNode decision = entry.get("decision") == null ? JSON.missingNode() : entry.get("decision");
        String sentence = ReportWording.sentence(disclosure, content.path("categories"), flags, decision,
                ReportWording.owner(ctx.kind()));
        if (!entry.path("sentence").isTextual() || !sentence.equals(entry.get("sentence").asText())) {
            f.fail(at + "sentence: " + entry.get("sentence") + " is not what the entry's checked fields say: \""
                    + sentence + "\"");
        }
        if (ctx.from() != null && (occurred.isBefore(ctx.from()) || !occurred.isBefore(ctx.to()))) {
            f.fail(at + "occurredAt " + occurredAt + " lies outside the report's period [" + ctx.from() + ", "
                    + ctx.to() + ")");
        }
        if (!unvouched.isEmpty()) {
            f.warn(at + "not in the log's commitment, so only the report's signature vouches for it: "
                    + String.join("; ", unvouched));
        }
    }

    private static void erased(String at, long leaf, JsonNode entry, Context ctx, Findings f) {
        for (String member : FROM_CONTENT) {
            f.require(!entry.has(member), at + member + ": shown for an erased entry, whose content nothing in the"
                    + " log holds any more");
        }
        f.require(entry.path("salt").isNull() || !entry.has("salt"), at + "salt: given for an erased entry");
        f.require(entry.path("parts").isEmpty(), at + "parts: given for an erased entry");
        f.require(ReportWording.ERASED.equals(entry.path("sentence").asText(null)), at + "sentence: "
                + entry.get("sentence") + " is not the sentence of an erased entry: \"" + ReportWording.ERASED + "\"");
        f.warn(at + "erased, its content cannot be checked: only that leaf " + leaf + " is in the log; its flags "
                + entry.get("flags") + ", decision and dates are the report's word"
                + (ctx.subject() == null ? "" : ", and nothing shows it is about " + ctx.subject())
                + (ctx.from() == null ? "" : " or inside the period"));
    }

    /**
     * recordedAt as the ledger's database keeps it: the committed instant (Java's clock, nanoseconds on Linux) in
     * whole microseconds — PostgreSQL rounds to the nearest, so it may be a microsecond later than the truncation.
     */
    private static void recordedAt(String at, JsonNode shown, JsonNode committed, Findings f) {
        if (committed == null) {
            return; // (a content without recordedAt: nothing to compare with; every entry the ledger writes has one)
        }
        Instant c = instant(committed);
        Instant s = instant(shown);
        Duration apart = c == null || s == null ? null : Duration.between(s, c).abs();
        f.require(apart != null && (apart.isZero()
                        || (s.getNano() % 1000 == 0 && apart.compareTo(Duration.ofNanos(1000)) < 0)),
                at + "recordedAt: shows " + shown + ", but the committed content says " + committed);
    }

    /**
     * The flags shown are the flags "as they stand": settlement may clear UNDECIDED after an entry was recorded, and
     * add UNAUTHORIZED if a decision it took denied (docs/ledger.md). Nothing else may differ from the committed flags.
     */
    private static void flags(String at, JsonNode shown, JsonNode committedNode, List<String> unvouched, Findings f) {
        Set<String> committed = strings(committedNode);
        if (committed == null) {
            f.fail(at + "the committed content has no list of flags");
            return;
        }
        Set<String> now = strings(shown);
        if (!committed.contains(UNDECIDED)) {
            f.require(now.equals(committed), at + "flags: shows " + shown + ", but the log commits to "
                    + committedNode);
            return;
        }
        Set<String> kept = new TreeSet<>(committed);
        kept.remove(UNDECIDED);
        Set<String> allowed = new TreeSet<>(committed);
        allowed.add(UNAUTHORIZED);
        if (!now.containsAll(kept) || !allowed.containsAll(now)) {
            f.fail(at + "flags: shows " + shown + ", but the log commits to " + committedNode + " (settling an"
                    + " UNDECIDED entry only clears UNDECIDED and may add UNAUTHORIZED)");
        } else if (!now.equals(committed)) {
            unvouched.add("flags " + shown + " (recorded " + committedNode + ", settled later)");
        }
    }

    /**
     * The decision shown: in a report about one subject, that subject's — it must be the one their part (or a
     * first-format content) commits to, when it commits to one. Without a committed decision (the entry was
     * UNDECIDED when recorded) a decision shown came from settlement, or is another subject's: a warning. In a
     * platform-wide report: a denial if any decision denied, else the first.
     */
    private static void decision(String at, JsonNode entry, JsonNode content, Context ctx, List<String> unvouched,
                                 Findings f) {
        Map<String, JsonNode> committed = committedDecisions(entry, content);
        JsonNode shown = entry.get("decision");
        boolean none = shown == null || shown.isNull();
        if (!none && !shown.isObject()) {
            f.fail(at + "decision: " + shown + " is not a decision");
            return;
        }
        String shownFor = none ? null : shown.path("subjectType").asText() + ":" + shown.path("subjectId").asText();
        if (ctx.aboutOneSubject() && ctx.subject() != null) {
            JsonNode own = committed.get(ctx.subject());
            if (own != null && !own.isNull()) {
                if (none) {
                    f.fail(at + "decision: none shown, but the log commits to one for " + ctx.subject() + " ("
                            + own.path("outcome").asText() + ")");
                } else if (!ctx.subject().equals(shownFor)) {
                    f.fail(at + "decision: shows the decision for " + shownFor + ", but the log commits to "
                            + ctx.subject() + "'s own");
                } else {
                    sameDecision(at, shown, own, f);
                }
                return;
            }
        } else if (ctx.platform()) {
            JsonNode denial = committed.values().stream()
                    .filter(d -> "DENY".equals(d.path("outcome").asText())).findFirst().orElse(null);
            if (none && committed.values().stream().anyMatch(d -> !d.isNull())) {
                f.fail(at + "decision: none shown, but the log commits to decisions for this entry");
                return;
            }
            if (denial != null && !none && !"DENY".equals(shown.path("outcome").asText())) {
                f.fail(at + "decision: shows " + shown.path("outcome").asText() + ", but the log commits to a denial"
                        + " for this entry, which a platform-wide report shows");
                return;
            }
            JsonNode own = none ? null : committed.get(shownFor);
            if (own != null && !own.isNull()) {
                sameDecision(at, shown, own, f);
                return;
            }
        }
        if (!none) {
            unvouched.add("decision " + shown.path("outcome").asText() + " (" + shown.path("basis").asText()
                    + ") for " + shownFor + ", which the log does not commit to");
        }
    }

    /** Each subject's committed decision (a null node: none) that the report can show: from the parts it shows, or
     * from a first-format content. */
    private static Map<String, JsonNode> committedDecisions(JsonNode entry, JsonNode content) {
        Map<String, JsonNode> decisions = new LinkedHashMap<>();
        if (content.path("v").asInt() == LedgerLeaf.PER_SUBJECT_PARTS) {
            for (JsonNode given : entry.path("parts")) {
                JsonNode part = given.path("part");
                decisions.put(part.path("subject").asText(),
                        part.path("decision").isObject() ? part.get("decision") : JSON.nullNode());
            }
        } else {
            for (JsonNode d : content.path("decisions")) {
                decisions.put(d.path("subject").asText(), d);
            }
        }
        return decisions;
    }

    /** The shown decision (as the ledger lists it) against a committed one {outcome, basis, consent, decisionId}. */
    private static void sameDecision(String at, JsonNode shown, JsonNode committed, Findings f) {
        for (String member : List.of("outcome", "basis")) {
            f.require(shown.path(member).isTextual() && shown.get(member).asText().equals(
                    committed.path(member).asText(null)), at + "decision." + member + ": shows " + shown.get(member)
                    + ", but the log commits to " + committed.get(member));
        }
        if (committed.has("consent")) {
            String consent = shown.path("consentId").isTextual()
                    ? shown.get("consentId").asText() + "@" + shown.path("consentVersion").asText() : "";
            f.require(consent.equals(committed.get("consent").asText()), at + "decision.consentId/consentVersion: "
                    + "shows " + (consent.isEmpty() ? "none" : consent) + ", but the log commits to "
                    + committed.get("consent"));
        }
        if (committed.has("decisionId")) {
            String id = shown.path("decisionId").isTextual() ? shown.get("decisionId").asText() : "";
            f.require(id.equals(committed.get("decisionId").asText()), at + "decision.decisionId: shows "
                    + shown.get("decisionId") + ", but the log commits to " + committed.get("decisionId"));
        }
    }

    // ---------------------------------------------------------------------------------------------------- derived

    /**
     * A report about one subject: its groups, highlights, summary and consent coverage are derived from its
     * entries, as report-service derives them.
     */
    static void derived(ObjectNode report, Context ctx, Findings f) {
        JsonNode entries = report.path("entries");
        Map<String, Set<Long>> highlights = new LinkedHashMap<>();
        for (String name : List.of("tpo", "aggregate", "unauthorized", "undecided", "breakGlass")) {
            highlights.put(name, new TreeSet<>());
        }
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        Map<String, List<Long>> covered = new TreeMap<>();
        Map<String, List<Long>> failed = new TreeMap<>();
        for (JsonNode entry : entries) {
            long leaf = entry.path("leafIndex").asLong();
            JsonNode flags = entry.path("flags");
            addIf(highlights.get("tpo"), entry.path("tpo").asBoolean(), leaf);
            addIf(highlights.get("aggregate"), entry.path("aggregate").asBoolean(), leaf);
            addIf(highlights.get("unauthorized"), ReportWording.contains(flags, UNAUTHORIZED), leaf);
            addIf(highlights.get("undecided"), ReportWording.contains(flags, UNDECIDED), leaf);
            addIf(highlights.get("breakGlass"), ReportWording.contains(flags, "BREAK_GLASS"), leaf);
            JsonNode d = entry.path("decision");
            if (d.path("consentId").isTextual()) {
                (("PERMIT".equals(d.path("outcome").asText())) ? covered : failed).computeIfAbsent(
                        d.get("consentId").asText() + "@" + d.path("consentVersion").asText(),
                        k -> new ArrayList<>()).add(leaf);
            }
            if (!entry.path("erased").asBoolean()) {
                group(groups, entry, PROVIDER.equals(ctx.kind()));
            }
        }

        boolean held = true;
        for (Map.Entry<String, Set<Long>> h : highlights.entrySet()) {
            held &= same("highlights." + h.getKey(), report.path("highlights").get(h.getKey()),
                    JSON.valueToTree(h.getValue()), f);
        }
        ArrayNode expectedGroups = JSON.createArrayNode();
        groups.values().forEach(expectedGroups::add);
        held &= same("groups", report.get("groups"), expectedGroups, f);
        held &= summary(report, ctx, entries.size(), groups.size(), highlights, f);
        if (PATIENT.equals(ctx.kind())) {
            held &= coverage(report.path("consentHistory"), covered, failed, f);
        }
        if (held) {
            f.pass("presentation: groups, highlights" + (PATIENT.equals(ctx.kind()) ? ", consent coverage" : "")
                    + " and summary counts follow from the entries");
        }
    }

    private static void addIf(Set<Long> set, boolean condition, long leaf) {
        if (condition) {
            set.add(leaf);
        }
    }

    /** One group per recipient and purpose (and month, for a provider): SubjectReportBuilder.group. */
    private static void group(Map<String, ObjectNode> groups, JsonNode entry, boolean byMonth) {
        String recipientId = entry.path("recipient").path("id").asText();
        String purpose = entry.path("purpose").asText();
        String month = entry.path("month").asText();
        String at = entry.path("occurredAt").asText();
        long leaf = entry.path("leafIndex").asLong();
        ObjectNode g = groups.computeIfAbsent(recipientId + "|" + purpose + (byMonth ? "|" + month : ""), k -> {
            ObjectNode n = JSON.createObjectNode()
                    .put("recipientId", recipientId)
                    .put("recipientName", entry.path("recipient").path("name").asText())
                    .put("recipientType", entry.path("recipient").path("type").asText())
                    .put("purpose", purpose);
            if (byMonth) {
                n.put("month", month);
            }
            n.put("first", leaf).put("firstOccurredAt", at).put("lastOccurredAt", at).put("count", 0L);
            n.putArray("leafIndexes");
            return n;
        });
        long count = g.path("count").asLong() + 1;
        g.put("count", count);
        if (at.compareTo(g.path("firstOccurredAt").asText()) < 0) {
            g.put("first", leaf).put("firstOccurredAt", at);
        }
        if (at.compareTo(g.path("lastOccurredAt").asText()) > 0) {
            g.put("lastOccurredAt", at);
        }
        ((ArrayNode) g.get("leafIndexes")).add(leaf);
        if (count > 1 && g.path("firstOccurredAt").asText().length() >= 10
                && g.path("lastOccurredAt").asText().length() >= 10) {
            g.put("summary", ReportWording.repeated(count, g.path("recipientName").asText(), purpose,
                    g.path("firstOccurredAt").asText(), g.path("lastOccurredAt").asText()));
        }
    }

    /** The summary, every line exactly: its count, the period in words and the groups, then the highlights. */
    private static boolean summary(ObjectNode report, Context ctx, int entries, int groups,
                                   Map<String, Set<Long>> h, Findings f) {
        JsonNode summary = report.path("summary");
        boolean held;
        if (ctx.from() == null) {
            held = false; // the period is unreadable, which has failed already
        } else {
            String first = ReportWording.summaryFirst(ctx.kind(), entries, ctx.from(), ctx.to(), groups);
            held = f.require(summary.path(0).isTextual() && summary.path(0).asText().equals(first),
                    "summary[0]: " + summary.get(0) + " is not \"" + first + "\"");
        }
        List<String> rest = ReportWording.summaryHighlights(ctx.kind(), h.get("unauthorized").size(),
                h.get("tpo").size(), h.get("aggregate").size(), h.get("undecided").size(),
                h.get("breakGlass").size(), report.path("complete").asBoolean(true));
        ArrayNode shown = JSON.createArrayNode();
        for (int i = 1; i < summary.size(); i++) {
            shown.add(summary.get(i));
        }
        return held & same("summary (after its first line)", shown, JSON.valueToTree(rest), f);
    }

    /** Each consent version's {@code covered} and {@code failedToCover}: the entries whose decision cites it. */
    private static boolean coverage(JsonNode history, Map<String, List<Long>> covered,
                                    Map<String, List<Long>> failed, Findings f) {
        boolean held = true;
        for (int i = 0; i < history.size(); i++) {
            JsonNode directive = history.get(i);
            JsonNode versions = directive.path("versions");
            for (int j = 0; j < versions.size(); j++) {
                JsonNode version = versions.get(j);
                String key = directive.path("id").asText() + "@" + version.path("version").asText();
                String at = "consentHistory[" + i + "].versions[" + j + "].";
                held &= same(at + "covered", version.get("covered"),
                        JSON.valueToTree(covered.getOrDefault(key, List.of())), f);
                held &= same(at + "failedToCover", version.get("failedToCover"),
                        JSON.valueToTree(failed.getOrDefault(key, List.of())), f);
            }
        }
        return held;
    }

    // ---------------------------------------------------------------------------------------------------- chains

    /**
     * A complete report about one subject: each second-format entry's part names the subject's previous entry in
     * the log ({@code previous}, committed). A link to a leaf the report does not list, from an entry recorded after
     * one it does list, is an entry of the subject's recorded between the two — one the report leaves out unless it
     * occurred outside the period (the chain follows recording order, not occurredAt): a warning, not a failure.
     * The link into the report's earliest entry is not one: what comes before it usually lies before the period.
     */
    static void chain(ObjectNode report, Context ctx, Findings f) {
        if (ctx.subject() == null || !report.path("complete").asBoolean(false)) {
            return;
        }
        Set<Long> listed = new LinkedHashSet<>();
        Map<Integer, Long> previousOf = new TreeMap<>(); // entry's position → the leaf its part links to
        JsonNode entries = report.path("entries");
        for (int i = 0; i < entries.size(); i++) {
            listed.add(entries.get(i).path("leafIndex").asLong());
            for (JsonNode given : entries.get(i).path("parts")) {
                long previous = ReportVerifier.naturalNumber(given.path("part").get("previous"));
                if (ctx.subject().equals(given.path("part").path("subject").asText()) && previous >= 0) {
                    previousOf.put(i, previous);
                }
            }
        }
        long firstInChain = Long.MAX_VALUE;
        for (JsonNode entry : report.path("entries")) {
            if (entry.path("parts").isArray() && !entry.path("parts").isEmpty()) {
                firstInChain = Math.min(firstInChain, entry.path("leafIndex").asLong());
            }
        }
        for (Map.Entry<Integer, Long> link : previousOf.entrySet()) {
            long previous = link.getValue();
            if (!listed.contains(previous) && previous > firstInChain) {
                f.warn("entry " + link.getKey() + " (leaf " + entries.get(link.getKey()).path("leafIndex").asLong()
                        + "): " + ctx.subject() + "'s previous entry in the log is leaf "
                        + previous + ", which this report does not list, though it lists an earlier one of theirs"
                        + " (leaf " + firstInChain + "): unless leaf " + previous + " occurred outside the period,"
                        + " the report leaves it out");
            }
        }
    }

    /** Warns once per member of the entries that this verifier does not know. */
    static void unknownEntryMembers(JsonNode entries, Findings f) {
        Map<String, Integer> unknown = new TreeMap<>();
        for (JsonNode entry : entries) {
            entry.fieldNames().forEachRemaining(name -> {
                if (!ENTRY_FIELDS.contains(name)) {
                    unknown.merge(name, 1, Integer::sum);
                }
            });
        }
        unknown.forEach((name, n) -> f.warn("entries[]." + name + " (in " + n + (n == 1 ? " entry" : " entries")
                + "): a member this verifier does not know; it is signed, but nothing checks what it says"));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** Fails unless both are absent or both the same JSON (canonically: 5 and 5.0 are the same). */
    private static boolean same(String at, String member, JsonNode shown, JsonNode derived, Findings f) {
        return same(at + member, shown, derived, f);
    }

    private static boolean same(String what, JsonNode shown, JsonNode derived, Findings f) {
        boolean absent = shown == null || shown.isMissingNode();
        boolean none = derived == null || derived.isMissingNode();
        boolean equal = absent || none ? absent == none : canonical(shown).equals(canonical(derived));
        return f.require(equal, what + ": shows " + (absent ? "nothing" : canonical(shown)) + ", but "
                + (none ? "nothing" : canonical(derived)) + " follows from what the report proves");
    }

    private static String canonical(JsonNode node) {
        try {
            return CanonicalJson.canonicalString(node);
        } catch (IllegalArgumentException e) {
            return node.toString();
        }
    }

    /** The instant a JSON string holds, or null. */
    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A JSON array of distinct strings as a set, or null. */
    private static Set<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        Set<String> set = new TreeSet<>();
        for (JsonNode n : node) {
            if (!n.isTextual() || !set.add(n.asText())) {
                return null;
            }
        }
        return set;
    }
}
