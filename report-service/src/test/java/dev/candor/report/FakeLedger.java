package dev.candor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.report.client.LedgerClient;
import dev.candor.verifier.merkle.InMemoryTree;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteSigner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

/**
 * A ledger in memory with real cryptography — salted commitments, an RFC 6962 tree, signed checkpoints, inclusion
 * proofs — answering like disclosure-ledger's list endpoint with {@code proofsAt}. The end-to-end tests use the real
 * ledger; this one lets a service test check that a report verifies from content to checkpoint.
 */
final class FakeLedger {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORIGIN = "candor.test/ledger";

    final NoteSigner signer = NoteSigner.generate(ORIGIN);
    final InMemoryTree tree = new InMemoryTree();
    final List<ObjectNode> items = new ArrayList<>();
    final List<List<String>> subjects = new ArrayList<>();
    long signedSize;

    /**
     * Records an entry about the given subjects, in the ledger's second format: the content names no one, each
     * subject has a part (who, their decision) committed to separately; the page shows every part, as the ledger
     * shows a regulator. Decisions are {subjectId, outcome, basis[, consentId, version]}.
     */
    ObjectNode add(String occurredAt, String recipientId, String recipientName, String recipientType, String purpose,
                   List<String> categories, List<String> subjectIds, List<String> flags, ObjectNode... decisions) {
        long index = tree.size();
        ObjectNode content = JSON.createObjectNode();
        content.put("v", LedgerLeaf.PER_SUBJECT_PARTS);
        content.put("id", UUID.randomUUID().toString());
        ObjectNode disclosure = content.putObject("disclosure");
        disclosure.put("occurredAt", occurredAt);
        disclosure.putObject("recipient").put("id", recipientId).put("name", recipientName)
                .put("type", recipientType).put("address", "1 Main St");
        disclosure.put("purpose", purpose);
        disclosure.put("description", "test disclosure " + index);
        boolean cohort = subjectIds.stream().filter(id -> id.startsWith("pat-")).count() > 1;
        if (cohort) {
            disclosure.putObject("cohort").put("size", 1200);
        }
        content.set("categories", JSON.valueToTree(categories));
        content.putArray("impliedCategories");
        content.set("flags", JSON.valueToTree(flags));
        byte[] stored = ("salt " + index + " ........................").getBytes(StandardCharsets.UTF_8);
        ArrayNode parts = JSON.createArrayNode();
        List<String> commitments = new ArrayList<>();
        for (String subjectId : subjectIds) {
            String subject = (subjectId.startsWith("prov") ? "PROVIDER:" : "PATIENT:") + subjectId;
            ObjectNode part = JSON.createObjectNode().put("subject", subject);
            part.putArray("roles").add(cohort && subjectId.startsWith("pat-") ? "MEMBER" : "SUBJECT");
            for (ObjectNode d : decisions) {
                if (d.get("subjectId").asText().equals(subjectId)) {
                    part.putObject("decision").put("outcome", d.get("outcome").asText())
                            .put("basis", d.get("basis").asText());
                }
            }
            byte[] partSalt = LedgerLeaf.partSalt(stored, subject);
            commitments.add(Base64.getEncoder().encodeToString(LedgerLeaf.partCommitment(partSalt, part)));
            parts.addObject().put("salt", Base64.getEncoder().encodeToString(partSalt)).set("part", part);
        }
        commitments.sort(null);
        commitments.forEach(content.putArray("parts")::add);
        byte[] salt = LedgerLeaf.entrySalt(stored);
        byte[] leafData = LedgerLeaf.leafData(LedgerLeaf.commitment(salt, content), List.of());
        tree.appendLeaf(leafData);
        ObjectNode item = JSON.createObjectNode();
        item.put("id", content.get("id").asText());
        item.put("leafIndex", index);
        item.put("recordedAt", occurredAt);
        item.set("categories", JSON.valueToTree(categories));
        item.set("flags", JSON.valueToTree(flags));
        ArrayNode ds = item.putArray("decisions");
        for (ObjectNode d : decisions) {
            ds.add(d);
        }
        item.put("erased", false);
        item.set("content", content);
        item.set("parts", parts);
        item.put("salt", Base64.getEncoder().encodeToString(salt));
        item.put("leafData", Base64.getEncoder().encodeToString(leafData));
        items.add(item);
        subjects.add(subjectIds);
        return item;
    }

    static ObjectNode decision(String subjectId, String outcome, String basis, String consentId, Integer version) {
        ObjectNode d = JSON.createObjectNode();
        d.put("subjectType", subjectId.startsWith("prov") ? "PROVIDER" : "PATIENT");
        d.put("subjectId", subjectId);
        d.put("outcome", outcome);
        d.put("basis", basis);
        if (consentId != null) {
            d.put("consentId", consentId);
            d.put("consentVersion", version);
        }
        return d;
    }

    /** Signs a checkpoint of the tree as it is now. */
    String sign() {
        signedSize = tree.size();
        return checkpoint();
    }

    String checkpoint() {
        return Checkpoint.of(ORIGIN, signedSize, tree.root(signedSize)).sign(List.of(signer));
    }

    /**
     * Like GET /api/v1/disclosures?subjectType=&subject=&flag=&proofsAt=&after=&limit= (period filters are not modelled; a
     * subject's type is told by its id here: "prov-…" is a provider): the
     * page's bytes, {@code next} first as the ledger writes it.
     */
    CompletableFuture<byte[]> pageBytes(String subjectType, String subject, String flag, long proofsAt, long after,
                                        int limit) {
        try {
            return CompletableFuture.completedFuture(JSON.writeValueAsBytes(
                    page(subjectType, subject, flag, proofsAt, after, limit)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same page with {@code next} after the items, as a ledger that does not order its members may write it. */
    CompletableFuture<byte[]> pageBytesNextLast(String subjectType, String subject, String flag, long proofsAt,
                                                long after, int limit) {
        ObjectNode page = page(subjectType, subject, flag, proofsAt, after, limit);
        ObjectNode reordered = JSON.createObjectNode();
        reordered.set("items", page.get("items"));
        reordered.set("next", page.get("next"));
        try {
            return CompletableFuture.completedFuture(JSON.writeValueAsBytes(reordered));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    ObjectNode page(String subjectType, String subject, String flag, long proofsAt, long after, int limit) {
        ObjectNode page = JSON.createObjectNode();
        page.putNull("next");
        ArrayNode out = page.putArray("items");
        for (int i = (int) after + 1; i < proofsAt && out.size() < limit; i++) {
            ObjectNode item = items.get(i);
            boolean about = subject == null || subjects.get(i).contains(subject) && (subjectType == null
                    || subjectType.equals(subject.startsWith("prov") ? "PROVIDER" : "PATIENT"));
            boolean flagged = flag == null || item.get("flags").toString().contains("\"" + flag + "\"");
            if (about && flagged) {
                ObjectNode copy = item.deepCopy();
                ArrayNode hashes = copy.putObject("proof").put("treeSize", proofsAt).putArray("hashes");
                tree.inclusionProof(i, proofsAt).forEach(h -> hashes.add(Base64.getEncoder().encodeToString(h)));
                out.add(copy);
            }
        }
        if (out.size() == limit) {
            page.put("next", out.get(out.size() - 1).get("leafIndex").asLong());
        }
        return page;
    }

    /** Makes {@code ledger} (a Mockito mock of the REST client) answer its checkpoint and list calls from this fake. */
    void serve(LedgerClient ledger) {
        when(ledger.checkpoint()).thenAnswer(inv -> checkpoint());
        when(ledger.disclosures(any(), any(), any(), anyString(), anyString(), anyLong(), anyLong(), anyInt()))
                .thenAnswer(inv -> pageBytes(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2),
                        inv.getArgument(5), inv.getArgument(6), inv.getArgument(7)));
    }
}
