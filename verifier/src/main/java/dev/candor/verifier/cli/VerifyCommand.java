package dev.candor.verifier.cli;

import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.jws.JwsException;
import dev.candor.verifier.merkle.ProofException;
import dev.candor.verifier.note.NoteVerifier;
import dev.candor.verifier.report.ReportVerifier;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code verify <report.json> --jwks <file|url> --log-key <key> [--checkpoint <saved>] [--consistency-proof <file>]}:
 * the JWS, the embedded checkpoint, every entry's leaf and inclusion proof, and consistency with a saved checkpoint.
 */
final class VerifyCommand implements Command {

    private static final String JWKS = "--jwks";
    private static final String LOG_KEY = "--log-key";
    private static final String LOG_KEY_FILE = "--log-key-file";
    private static final String CHECKPOINT = "--checkpoint";
    private static final String CONSISTENCY_PROOF = "--consistency-proof";

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "verify a signed JSON report: signature, checkpoint, every inclusion proof, consistency";
    }

    @Override
    public String usage() {
        return "verify <report.json> --jwks <file|https-url> --log-key <verifier-key> [--log-key ...]"
                + " [--log-key-file <file>]\n    [--checkpoint <saved checkpoint file>]"
                + " [--consistency-proof <file: one base64 hash per line, from the smaller size to the larger>]";
    }

    @Override
    public int run(List<String> argList, PrintStream out, PrintStream err) throws UsageException {
        Args args = Args.parse(argList, Set.of(JWKS, LOG_KEY, LOG_KEY_FILE, CHECKPOINT, CONSISTENCY_PROOF));
        if (args.positional().size() != 1) {
            throw new UsageException("expected one report file");
        }
        String jwksSource = args.single(JWKS);
        if (jwksSource == null) {
            throw new UsageException("no report keys given (" + JWKS + ")");
        }
        List<String> logKeyArgs = new ArrayList<>();
        for (String k : args.all(LOG_KEY)) {
            logKeyArgs.add(Keys.KEY);
            logKeyArgs.add(k);
        }
        for (String f : args.all(LOG_KEY_FILE)) {
            logKeyArgs.add(Keys.KEY_FILE);
            logKeyArgs.add(f);
        }
        if (logKeyArgs.isEmpty()) {
            throw new UsageException("no log key given (" + LOG_KEY + " or " + LOG_KEY_FILE + ")");
        }
        List<NoteVerifier> logKeys = Keys.from(Args.parse(logKeyArgs, Set.of(Keys.KEY, Keys.KEY_FILE)));

        String reportFile = args.positional().get(0);
        byte[] report;
        try {
            report = Files.readAllBytes(Path.of(reportFile));
        } catch (IOException e) {
            throw new UsageException("cannot read report " + reportFile + ": " + e.getMessage());
        }
        JwkSet jwks;
        try {
            jwks = JwkSet.parse(readSource(jwksSource));
        } catch (IOException e) {
            throw new UsageException("cannot read the key set " + jwksSource + ": " + e.getMessage());
        } catch (JwsException e) {
            out.println("FAILED: report keys " + jwksSource + ": " + e.getMessage());
            return Main.FAILED;
        }
        ReportVerifier.Saved saved = null;
        String savedFile = args.single(CHECKPOINT);
        if (savedFile != null) {
            String proofFile = args.single(CONSISTENCY_PROOF);
            try {
                saved = new ReportVerifier.Saved(Files.readString(Path.of(savedFile), StandardCharsets.UTF_8),
                        proofFile == null ? List.of() : ConsistencyCommand.readProof(proofFile));
            } catch (IOException e) {
                throw new UsageException("cannot read saved checkpoint " + savedFile + ": " + e.getMessage());
            } catch (ProofException e) {
                throw new UsageException("consistency proof " + proofFile + ": " + e.getMessage());
            }
        } else if (args.single(CONSISTENCY_PROOF) != null) {
            throw new UsageException(CONSISTENCY_PROOF + " needs " + CHECKPOINT);
        }

        ReportVerifier.Verdict verdict = ReportVerifier.verify(report, jwks, logKeys, saved);
        verdict.passed().forEach(line -> out.println("ok    " + line));
        verdict.failures().forEach(line -> out.println("FAIL  " + line));
        if (verdict.verified()) {
            out.println("VERIFIED: " + reportFile + " is signed by a published report key and every entry is in the"
                    + " log at the checkpoint it cites");
            return Main.OK;
        }
        out.println("FAILED: " + String.join("; ", verdict.failures()));
        return Main.FAILED;
    }

    private static byte[] readSource(String source) throws IOException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            try {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(source))
                        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                return response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        return Files.readAllBytes(Path.of(source));
    }
}
