package dev.candor.report.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.candor.verifier.json.CanonicalJson;
import dev.candor.verifier.report.ReportSigning;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A report whose entries are not held in memory: each entry is written, in canonical JSON, to a temporary file as the
 * ledger's pages arrive; every other member (header, groups, highlights, consent history, summary — small, or leaf
 * indexes only) stays in {@link #fields()}. The canonical report is the members in JCS order with the file's bytes as
 * {@code entries}; it is written twice — once into a SHA-256 digest to sign it ({@link #sign}), once to the response
 * ({@link #writeTo}) — and never assembled in memory. The whole report is on disk before any byte is sent, so an
 * upstream failing half-way is still a clean problem response, never a truncated report.
 * <p>
 * Close it (it deletes the file) once it was written out.
 */
public final class SpooledReport implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTRIES = "entries";

    private final ObjectNode fields;
    private final Path file;
    private OutputStream spool;
    private long count;

    SpooledReport(ObjectNode fields, Path directory) {
        this.fields = fields;
        try {
            Files.createDirectories(directory);
            this.file = Files.createTempFile(directory, "candor-report-", ".entries.json");
            this.spool = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            spool.write('[');
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot spool a report in " + directory, e);
        }
    }

    /** Appends an entry (in the order the report lists them). */
    void add(JsonNode entry) {
        try {
            if (count > 0) {
                spool.write(',');
            }
            CanonicalJson.write(entry, spool);
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a report entry", e);
        }
    }

    /** Ends the entry list. */
    void seal() {
        try {
            spool.write(']');
            spool.close();
            spool = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a report", e);
        }
    }

    /** Every member but {@code entries}; {@code jws} once signed. */
    public ObjectNode fields() {
        return fields;
    }

    public long entryCount() {
        return count;
    }

    /**
     * Signs the canonical report without {@code jws}: its SHA-256 is computed by writing it once into the digest, and
     * {@code signer} turns the digest into the JWS, which becomes the {@code jws} member.
     */
    void sign(Function<byte[], String> signer) {
        fields.remove("jws");
        MessageDigest digest = ReportSigning.newDigest();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled report", e);
        }
        fields.put("jws", signer.apply(digest.digest()));
    }

    /** Writes the canonical report (members in JCS order, entries from the spool file). */
    public void writeTo(OutputStream out) throws IOException {
        if (spool != null) {
            throw new IllegalStateException("the report is still being written");
        }
        TreeSet<String> names = new TreeSet<>(); // String order = UTF-16 code units = JCS order
        fields.fieldNames().forEachRemaining(names::add);
        names.add(ENTRIES);
        out.write('{');
        boolean first = true;
        for (String name : names) {
            if (!first) {
                out.write(',');
            }
            first = false;
            CanonicalJson.write(TextNode.valueOf(name), out);
            out.write(':');
            if (ENTRIES.equals(name)) {
                Files.copy(file, out);
            } else {
                CanonicalJson.write(fields.get(name), out);
            }
        }
        out.write('}');
        out.flush();
    }

    /** Reads the entries back one at a time, in order. */
    public void forEachEntry(Consumer<JsonNode> sink) throws IOException {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("the spooled entries are not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                sink.accept(parser.readValueAsTree());
            }
        }
    }

    /** Deletes the spool file. */
    @Override
    public void close() {
        try {
            if (spool != null) {
                spool.close();
                spool = null;
            }
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temp file left behind is harmless; nothing more can be done here
        }
    }
}
