package dev.candor.ledger.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candor.ledger.persistence.StatsRollup;
import dev.candor.ledger.persistence.TreeStore;
import dev.candor.verifier.merkle.CompactRange;
import dev.candor.verifier.merkle.LedgerLeaf;
import dev.candor.verifier.merkle.NodeId;
import dev.candor.verifier.note.Checkpoint;
import dev.candor.verifier.note.NoteException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The full check: re-derives every commitment, leaf and tree node from the stored entries, and every signed root,
 * and compares them with what is stored and signed. It names the first entry (or node, or checkpoint) that does
 * not match. Erased entries are checked from their commitment on (their plaintext is gone by design).
 */
@ApplicationScoped
public class LedgerAudit {

    /** The outcome: {@code ok}, or the first thing found wrong. */
    public record Report(boolean ok, long entriesChecked, int checkpointsChecked, Long firstBadLeafIndex,
                         String problem) {

        static Report bad(long checked, int checkpoints, Long leafIndex, String problem) {
            return new Report(false, checked, checkpoints, leafIndex, problem);
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    CheckpointSigner signer;

    @Inject
    ObjectMapper json;

    public Report run() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one consistent snapshot
            try {
                return run(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the full check could not read the ledger", e);
        }
    }

    private Report run(Connection c) throws SQLException, IOException {
        List<TreeStore.StoredCheckpoint> checkpoints = TreeStore.allCheckpoints(c);
        Iterator<TreeStore.StoredCheckpoint> nextCheckpoint = checkpoints.iterator();
        TreeStore.StoredCheckpoint due = nextCheckpoint.hasNext() ? nextCheckpoint.next() : null;
        int checkpointsChecked = 0;
        long signedSize = checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).treeSize();

        Map<String, Long> lastLeafOfSubject = new HashMap<>();
        CompactRange range = CompactRange.empty();
        long expected = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.leaf_index, e.commitment, e.leaf_data, e.leaf_hash, e.content, e.salt,
                       (SELECT array_agg(DISTINCT s.subject_type || ':' || s.subject_id) FROM entry_subject s
                         WHERE s.leaf_index = e.leaf_index), e.parts
                FROM entry e ORDER BY e.leaf_index""")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long index = rs.getLong(1);
                    if (index != expected) {
                        return Report.bad(expected, checkpointsChecked, expected, "leaf index " + expected
                                + " is missing");
                    }
                    byte[] commitment = rs.getBytes(2);
                    byte[] leafData = rs.getBytes(3);
                    byte[] leafHash = rs.getBytes(4);
                    String content = rs.getString(5);
                    byte[] salt = rs.getBytes(6);
                    String parts = rs.getString(8);
                    Array subjects = rs.getArray(7);
                    // each subject's previous leaf, as the sequencer linked them
                    Map<String, Long> previousOf = new HashMap<>();
                    if (subjects != null) {
                        for (String subject : (String[]) subjects.getArray()) {
                            previousOf.put(subject, lastLeafOfSubject.put(subject, index));
                        }
                    }
                    List<Long> links = previousOf.values().stream().filter(Objects::nonNull).sorted().toList();
                    Boolean perSubject = null; // the format, when the content is there to say it
                    if (content != null && salt != null) {
                        ObjectNode node = (ObjectNode) json.readTree(content);
                        perSubject = node.path("v").asInt() == LedgerLeaf.PER_SUBJECT_PARTS;
                        String problem = perSubject ? partsProblem(node, parts, salt, previousOf)
                                : parts == null ? null : "a first-format entry has parts";
                        if (problem != null) {
                            return Report.bad(index, checkpointsChecked, index, problem);
                        }
                        byte[] commitmentSalt = perSubject ? LeafCodec.entrySalt(salt) : salt;
                        if (!Arrays.equals(LeafCodec.commitment(commitmentSalt, LeafCodec.canonical(node)),
                                commitment)) {
                            return Report.bad(index, checkpointsChecked, index,
                                    "the entry's content does not match its commitment");
                        }
                    } else if (content != null || salt != null || parts != null) {
                        return Report.bad(index, checkpointsChecked, index, "half-erased entry");
                    }
                    // first format: the links are in the leaf; second: in the parts, the leaf's list empty; an erased
                    // entry no longer says which it was, so either form is taken
                    boolean leafMatches = (perSubject != Boolean.TRUE
                            && Arrays.equals(LeafCodec.leafData(commitment, links), leafData))
                            || (perSubject != Boolean.FALSE
                            && Arrays.equals(LeafCodec.leafData(commitment, List.of()), leafData));
                    if (!leafMatches) {
                        return Report.bad(index, checkpointsChecked, index,
                                "the leaf does not commit to the entry and its subjects' previous leaves");
                    }
                    if (!Arrays.equals(LeafCodec.leafHash(leafData), leafHash)) {
                        return Report.bad(index, checkpointsChecked, index, "the stored leaf hash is wrong");
                    }
                    if (index < signedSize) {
                        String nodeProblem = appendAndCompareNodes(c, range, leafHash);
                        if (nodeProblem != null) {
                            return Report.bad(index, checkpointsChecked, index, nodeProblem);
                        }
                    }
                    expected = index + 1;
                    while (due != null && due.treeSize() == expected) {
                        String problem = checkCheckpoint(due, range.root());
                        if (problem != null) {
                            return Report.bad(expected, checkpointsChecked, index, problem);
                        }
                        checkpointsChecked++;
                        due = nextCheckpoint.hasNext() ? nextCheckpoint.next() : null;
                    }
                }
            }
        }
        if (due != null) {
            return Report.bad(expected, checkpointsChecked, null,
                    "checkpoint of size " + due.treeSize() + " covers entries that do not exist");
        }
        // the platform counts are derived, not proven: compared here so a wrong one is found, then rebuilt
        java.util.Optional<String> countsProblem = StatsRollup.check(c);
        if (countsProblem.isPresent()) {
            return Report.bad(expected, checkpointsChecked, null, countsProblem.get());
        }
        return new Report(true, expected, checkpointsChecked, null, null);
    }

    /** Appends a leaf to the re-derived tree and compares every node it completes with the stored one. */
    private static String appendAndCompareNodes(Connection c, CompactRange range, byte[] leafHash)
            throws SQLException {
        List<NodeId> ids = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        range.append(leafHash, (id, hash) -> {
            ids.add(id);
            hashes.add(hash);
        });
        List<byte[]> stored;
        try {
            stored = TreeStore.nodes(c, ids);
        } catch (IllegalStateException missing) {
            return missing.getMessage();
        }
        for (int i = 0; i < ids.size(); i++) {
            if (!Arrays.equals(stored.get(i), hashes.get(i))) {
                return "stored tree node " + ids.get(i) + " is wrong";
            }
        }
        return null;
    }

    private String checkCheckpoint(TreeStore.StoredCheckpoint checkpoint, byte[] root) {
        if (!Arrays.equals(checkpoint.rootHash(), root)) {
            return "the signed root of tree size " + checkpoint.treeSize() + " is not the tree's root";
        }
        try {
            // the signing keys and the retired ones: a checkpoint signed before a key rotation still verifies
            Checkpoint signed = Checkpoint.open(checkpoint.note(), signer.verifiers());
            if (signed.size() != checkpoint.treeSize() || !Arrays.equals(signed.rootHash(), root)
                    || !signed.origin().equals(signer.origin())) {
                return "the checkpoint note of size " + checkpoint.treeSize() + " says something else: "
                        + Base64.getEncoder().encodeToString(signed.rootHash());
            }
        } catch (NoteException e) {
            return "the checkpoint of size " + checkpoint.treeSize() + " does not verify: " + e.getMessage();
        }
        return null;
    }

    /**
     * A second-format entry: its parts must hash to exactly the commitments its content lists, and name exactly the
     * subjects the entry is indexed under (so no part, and no subject, can be dropped or added unseen).
     */
    private String partsProblem(ObjectNode content, String storedParts, byte[] salt, Map<String, Long> previousOf)
            throws IOException {
        if (storedParts == null) {
            return "a second-format entry has no parts";
        }
        List<ObjectNode> parts = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        for (JsonNode part : json.readTree(storedParts)) {
            parts.add((ObjectNode) part);
            named.add(part.path("subject").asText());
        }
        if (!LeafCodec.partCommitments(salt, parts).equals(content.path("parts"))) {
            return "the entry's parts do not match the commitments its content lists";
        }
        if (!named.equals(previousOf.keySet()) || named.size() != parts.size()) {
            return "the entry's parts do not name the subjects it is indexed under";
        }
        for (ObjectNode part : parts) {
            Long previous = previousOf.get(part.path("subject").asText());
            JsonNode stated = part.get("previous");
            if (previous == null ? stated != null : stated == null || stated.asLong() != previous) {
                return "the part of " + part.path("subject").asText() + " does not link its subject's previous leaf";
            }
        }
        return null;
    }
}
