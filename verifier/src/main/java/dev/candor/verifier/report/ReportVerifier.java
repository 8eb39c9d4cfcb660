package dev.candor.verifier.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.json.StrictJson;
import dev.candor.verifier.jws.DetachedJws;
import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.jws.JwsException;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.merkle.ProofException;
import dev.candor.verifier.merkle.ProofVerifier;
import dev.candor.verifier.merkle.Rfc6962;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import dev.candor.verifier.note.NoteVerifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a signed Candor JSON report offline (format {@code candor-report/2}, or the older {@code /1}; see
 * docs/reports.md):
 * <ol>
 *   <li>the detached JWS ({@code jws}) over the canonical JSON of the report without {@code jws}, by a published
 *       report key — in {@code /2} pre-hashed: the JWS signs that JSON's SHA-256 ({@link DetachedJws#verifyDigest});
 *       in {@code /1} the JSON itself;</li>
 *   <li>the ledger checkpoint the report embeds ({@code log.checkpoint}), by a trusted log key, and the report's
 *       {@code log} members against it;</li>
 *   <li>the report's kind against its shape (a platform-wide report has counts and shows every part; a report about
 *       one subject names it), its period, {@code complete};</li>
 *   <li>the report's entry list against its committed {@code entryCount}, with no leaf listed twice;</li>
 *   <li>every entry: its leaf re-derived from its content and salt ({@link LedgerLeaf}), the subjects' parts it
 *       shows (second-format entries) among the parts the content commits to — in a report about one subject, that
 *       subject's part among them (a first-format content must name them) — its inclusion proof against the
 *       checkpoint's root, and what it shows people against its content ({@link Presentation}): recipient, purpose,
 *       categories, dates inside the period, flags, decision, the sentence written again ({@link ReportWording});</li>
 *   <li>in a report about one subject, its groups, highlights, summary counts and consent coverage, derived again
 *       from the entries, and the entries' links to the subject's previous entries;</li>
 *   <li>optionally, consistency with a checkpoint the reader saved before: same size → same root; otherwise an RFC
 *       6962 consistency proof between the two.</li>
 * </ol>
 * Every failure is collected with what failed, so a verdict names all of them. What the report shows that nothing it
 * proves can vouch for — an erased entry, a settlement, an incomplete list, a link to an entry it leaves out, a
 * member this verifier does not know — is a warning: verified, and said.
 */
public final class ReportVerifier {

    /** The format report-service writes: the JWS is pre-hashed (it signs the SHA-256 of the canonical payload). */
    public static final String FORMAT = "candor-report/2";
    /** The first format, still verified: the JWS signs the canonical payload itself. */
    public static final String FORMAT_1 = "candor-report/1";

    private ReportVerifier() {
    }

    /**
     * What was checked, what failed, and what could not be checked (warnings: erased entries, an incomplete list,
     * settlements, omissions the entries' links suggest). Verified when nothing failed, whatever the warnings.
     */
    public record Verdict(List<String> passed, List<String> failures, List<String> warnings, Checkpoint checkpoint) {
        public Verdict {
            passed = List.copyOf(passed);
            failures = List.copyOf(failures);
            warnings = List.copyOf(warnings);
        }

        public boolean verified() {
            return failures.isEmpty();
        }
    }

    /** A checkpoint the reader saved earlier, and optionally the consistency proof from it to the report's. */
    public record Saved(String checkpointNote, List<byte[]> consistencyProof) {
    }

    public static Verdict verify(byte[] reportJson, JwkSet reportKeys, List<NoteVerifier> logKeys, Saved saved) {
        List<String> passed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        JsonNode parsed;
        try {
            parsed = StrictJson.parse(reportJson);
        } catch (StrictJson.NotStrictJson e) {
            return new Verdict(passed, List.of("report: " + e.getMessage()), List.of(), null);
        }
        if (!(parsed instanceof ObjectNode report)) {
            return new Verdict(passed, List.of("report: not a JSON object"), List.of(), null);
        }
        String format = report.path("format").asText();
        if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
            failures.add("format: expected " + FORMAT + " (or " + FORMAT_1 + "), got " + report.path("format"));
        }

        // 1. the signature over the canonical payload
        ObjectNode payload = report.deepCopy();
        JsonNode jws = payload.remove("jws");
        if (jws == null || !jws.isTextual()) {
            failures.add("signature: the report has no jws");
        } else {
            try {
                // the format decides the signature's form, so neither can be passed off as the other
                byte[] canonical = CanonicalJson.canonicalBytes(payload);
                String kid = FORMAT_1.equals(format)
                        ? DetachedJws.verify(jws.asText(), canonical, reportKeys).kid()
                        : DetachedJws.verifyDigest(jws.asText(), ReportSigning.sha256(canonical), reportKeys).kid();
                passed.add("signature: EdDSA by report key " + kid
                        + (FORMAT_1.equals(format) ? "" : " over the SHA-256 of the canonical report"));
            } catch (JwsException | IllegalArgumentException e) {
                failures.add("signature: " + e.getMessage());
            }
        }

        // 2. the checkpoint
        Checkpoint checkpoint = null;
        String note = report.path("log").path("checkpoint").asText(null);
        if (note == null) {
            failures.add("checkpoint: the report embeds none");
        } else {
            try {
                checkpoint = Checkpoint.open(note, logKeys);
                passed.add("checkpoint: " + checkpoint.origin() + " size " + checkpoint.size() + " root "
                        + checkpoint.rootHashBase64() + ", signed by a trusted log key");
            } catch (NoteException e) {
                failures.add("checkpoint: " + e.getMessage());
            }
        }

        // 3. what kind of report it is, its log members against the checkpoint, its period
        Findings found = new Findings();
        Presentation.Context context = Presentation.header(report, checkpoint, found);

        // 4. the entry list against what the report commits to
        JsonNode entries = report.path("entries");
        if (!entries.isArray()) {
            failures.add("entries: the report has no entry list");
            return verdict(passed, failures, found, checkpoint);
        }
        long committed = naturalNumber(report.get("entryCount"));
        if (committed < 0) {
            failures.add("entryCount: " + report.get("entryCount") + " is not a whole number");
        } else if (committed != entries.size()) {
            failures.add("entries: " + entries.size() + " listed, but the report commits to " + committed);
        } else {
            passed.add("entries: " + entries.size() + ", as committed");
        }

        // 5. every entry: its content against its leaf, its leaf in the tree, what it shows against its content
        JsonNode about = report.path("subject");
        String subject = about.path("type").isTextual() && about.path("id").isTextual()
                ? about.get("type").asText() + ":" + about.get("id").asText() : null;
        int proven = 0;
        int erased = 0;
        int failedBefore = failures.size() + found.failures.size();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            long index = naturalNumber(entry.get("leafIndex"));
            if (index < 0) {
                failures.add("entry " + i + ": leafIndex " + entry.get("leafIndex") + " is not a whole number");
                continue;
            }
            String at = "entry " + i + " (leaf " + index + "): ";
            if (!seen.add(index)) {
                failures.add(at + "listed twice");
                continue;
            }
            try {
                byte[] leafData = checkContent(entry, subject);
                Presentation.entry(at, index, entry, context, found);
                if (checkpoint != null) {
                    checkInclusion(entry, index, leafData, checkpoint);
                    proven++;
                    erased += entry.path("content").isObject() ? 0 : 1;
                }
            } catch (ProofException | IllegalArgumentException e) {
                failures.add(at + e.getMessage());
            } catch (RuntimeException e) {
                failures.add(at + "cannot be checked: " + e); // a shape no check foresaw: never a stack trace
            }
        }
        if (checkpoint != null) {
            passed.add("inclusion: " + proven + " of " + entries.size() + " entries proven in tree size "
                    + checkpoint.size() + (erased > 0 ? " (" + erased + " erased: leaf only)" : ""));
        }
        if (failures.size() + found.failures.size() == failedBefore && !entries.isEmpty()) {
            found.pass("entries: what each shows — recipient, purpose, categories, dates inside the period, flags,"
                    + " decision, sentence — follows from its committed content");
        }
        if (context.aboutOneSubject()) {
            try {
                Presentation.derived(report, context, found);
                Presentation.chain(report, context, found);
            } catch (RuntimeException e) {
                failures.add("report: its groups, highlights, summary or consent history cannot be checked: " + e);
            }
        }
        Presentation.unknownEntryMembers(entries, found);

        // 6. consistency with a checkpoint saved earlier
        if (saved != null && checkpoint != null) {
            checkSaved(saved, checkpoint, logKeys, passed, failures);
        }
        return verdict(passed, failures, found, checkpoint);
    }

    private static Verdict verdict(List<String> passed, List<String> failures, Findings found, Checkpoint checkpoint) {
        List<String> allPassed = new ArrayList<>(passed);
        allPassed.addAll(found.passed);
        List<String> allFailures = new ArrayList<>(failures);
        allFailures.addAll(found.failures);
        return new Verdict(allPassed, allFailures, found.warnings, checkpoint);
    }

    /**
     * Checks an entry's content (unless erased) against the commitment in its leaf data, and the parts it shows
     * against the parts the content commits to.
     *
     * @param subject the report's subject ({@code TYPE:id}) or null: an entry about several people must show that
     *                subject's part, which proves the entry is about them; a first-format entry must name them
     * @return the entry's leaf data
     */
    private static byte[] checkContent(JsonNode entry, String subject) throws ProofException {
        byte[] leafData = base64(entry, "leafData");
        JsonNode content = entry.get("content");
        if (content == null || content.isNull()) {
            LedgerLeaf.commitmentOf(leafData); // erased: only the leaf remains
            return leafData;
        }
        byte[] salt = base64(entry, "salt");
        byte[] commitment = LedgerLeaf.commitment(salt, content);
        if (!Arrays.equals(commitment, LedgerLeaf.commitmentOf(leafData))) {
            throw new ProofException("content does not match the leaf's commitment");
        }
        if (content.path("v").asInt() == LedgerLeaf.PER_SUBJECT_PARTS) {
            // the parts the report shows (the report's subject's own) must be parts the entry commits to
            LedgerLeaf.checkParts(content, entry.get("parts"));
            if (subject != null && !showsPartOf(entry.get("parts"), subject)) {
                throw new ProofException("the entry does not show the part of " + subject
                        + ", so nothing proves it is about them");
            }
        } else if (entry.has("parts") && !entry.get("parts").isNull()) {
            throw new ProofException("parts given with an entry that has none");
        } else if (subject != null && !firstFormatSubjects(content).contains(subject)) {
            throw new ProofException("the entry's content does not name " + subject
                    + ", so nothing proves it is about them");
        }
        return leafData;
    }

    /** Whom a first-format content names: its subjects, their treating providers, cohort members, decisions. */
    private static Set<String> firstFormatSubjects(JsonNode content) {
        Set<String> subjects = new HashSet<>();
        JsonNode disclosure = content.path("disclosure");
        for (JsonNode s : disclosure.path("subjects")) {
            subjects.add(s.path("type").asText() + ":" + s.path("id").asText());
            if (s.path("treatingProviderId").isTextual()) {
                subjects.add("PROVIDER:" + s.get("treatingProviderId").asText());
            }
        }
        for (JsonNode member : disclosure.path("cohort").path("memberIds")) {
            subjects.add("PATIENT:" + member.asText());
        }
        for (JsonNode d : content.path("decisions")) {
            subjects.add(d.path("subject").asText());
        }
        return subjects;
    }

    private static void checkInclusion(JsonNode entry, long index, byte[] leafData, Checkpoint checkpoint)
            throws ProofException {
        byte[] leafHash = Rfc6962.leafHash(leafData);
        List<byte[]> proof = new ArrayList<>();
        JsonNode hashes = entry.path("proof");
        if (!hashes.isArray()) {
            throw new ProofException("no inclusion proof");
        }
        for (JsonNode h : hashes) {
            try {
                proof.add(Base64.getDecoder().decode(h.asText()));
            } catch (IllegalArgumentException e) {
                throw new ProofException("proof: " + h + " is not base64");
            }
        }
        ProofVerifier.verifyInclusion(index, checkpoint.size(), leafHash, proof, checkpoint.rootHash());
    }

    private static boolean showsPartOf(JsonNode parts, String subject) {
        if (parts != null && parts.isArray()) {
            for (JsonNode p : parts) {
                if (subject.equals(p.path("part").path("subject").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void checkSaved(Saved saved, Checkpoint current, List<NoteVerifier> logKeys, List<String> passed,
                                   List<String> failures) {
        Checkpoint old;
        try {
            old = Checkpoint.open(saved.checkpointNote(), logKeys);
        } catch (NoteException e) {
            failures.add("saved checkpoint: " + e.getMessage());
            return;
        }
        if (!old.origin().equals(current.origin())) {
            failures.add("consistency: the saved checkpoint is of another log (" + old.origin() + ")");
            return;
        }
        long small = Math.min(old.size(), current.size());
        long large = Math.max(old.size(), current.size());
        Checkpoint first = old.size() <= current.size() ? old : current;
        Checkpoint second = first == old ? current : old;
        try {
            List<byte[]> proof = saved.consistencyProof() == null ? List.of() : saved.consistencyProof();
            if (small != large && proof.isEmpty()) {
                failures.add("consistency: sizes " + small + " and " + large
                        + " differ; a consistency proof is needed (--consistency-proof)");
                return;
            }
            ProofVerifier.verifyConsistency(first.size(), second.size(), proof, first.rootHash(), second.rootHash());
            passed.add("consistency: the report's tree (size " + current.size() + ") and the saved one (size "
                    + old.size() + ") are one log");
        } catch (ProofException e) {
            failures.add("consistency with the saved checkpoint (size " + old.size() + "): " + e.getMessage()
                    + (small == large ? " — same size, different root: a forked log" : ""));
        }
    }

    /**
     * The value of a JSON number that is a whole number from 0 to 2^53 ({@code 5} or, canonically the same,
     * {@code 5.0}); -1 for anything else — a string such as {@code "5"} included: where a number belongs, only a number will do.
     */
    static long naturalNumber(JsonNode node) {
        if (node == null || !node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            return -1;
        }
        long value = node.longValue();
        return value >= 0 && value <= (1L << 53) ? value : -1;
    }

    private static byte[] base64(JsonNode entry, String field) throws ProofException {
        JsonNode node = entry.get(field);
        if (node == null || !node.isTextual()) {
            throw new ProofException("no " + field);
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new ProofException(field + " is not base64");
        }
    }
}
