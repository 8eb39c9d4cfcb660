package dev.candor.verifier.cli;

import dev.candor.verifier.jws.JwkSet;
import dev.candor.verifier.jws.JwsException;
import dev.candor.verifier.merkle.ProofException;
import dev.candor.verifier.note.NoteVerifier;
import dev.candor.verifier.report.ReportVerifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (args.all(LOG_KEY).isEmpty() && args.all(LOG_KEY_FILE).isEmpty()) {
            throw new UsageException("no log key given (" + LOG_KEY + " or " + LOG_KEY_FILE + ")");
        }
        List<NoteVerifier> logKeys = Keys.from(args.all(LOG_KEY), args.all(LOG_KEY_FILE), LOG_KEY, LOG_KEY_FILE);
        String savedFile = args.single(CHECKPOINT);
        String proofFile = args.single(CONSISTENCY_PROOF);
        if (proofFile != null && savedFile == null) {
            throw new UsageException(CONSISTENCY_PROOF + " needs " + CHECKPOINT);
        }

        String reportFile = args.positional().get(0);
        byte[] report;
        try {
            report = Files.readAllBytes(Path.of(reportFile));
        } catch (IOException e) {
            throw new UsageException("cannot read report " + reportFile + ": " + Sources.describe(e));
        }
        byte[] jwksBytes = Sources.fileOrHttps(jwksSource, JWKS);
        byte[] savedBytes = null;
        if (savedFile != null) {
            try {
                savedBytes = Files.readAllBytes(Path.of(savedFile));
            } catch (IOException e) {
                throw new UsageException("cannot read saved checkpoint " + savedFile + ": " + Sources.describe(e));
            }
        }
        List<byte[]> proof = List.of();
        if (proofFile != null) {
            try {
                proof = ConsistencyCommand.readProof(proofFile);
            } catch (IOException e) {
                throw new UsageException("cannot read consistency proof " + proofFile + ": " + Sources.describe(e));
            } catch (ProofException e) {
                // what the files hold is a document to verify, not the command line: exit 1
                out.println("FAILED: consistency proof " + proofFile + ": " + e.getMessage());
                return Main.FAILED;
            }
        }

        JwkSet jwks;
        try {
            jwks = JwkSet.parse(jwksBytes);
        } catch (JwsException e) {
            out.println("FAILED: report keys " + jwksSource + ": " + e.getMessage());
            return Main.FAILED;
        }
        ReportVerifier.Saved saved = null;
        if (savedBytes != null) {
            try {
                saved = new ReportVerifier.Saved(StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(savedBytes)).toString(), proof);
            } catch (CharacterCodingException e) {
                out.println("FAILED: saved checkpoint " + savedFile + ": not UTF-8 text, so not a signed note");
                return Main.FAILED;
            }
        }

        ReportVerifier.Verdict verdict = ReportVerifier.verify(report, jwks, logKeys, saved);
        verdict.passed().forEach(line -> out.println("ok    " + line));
        verdict.warnings().forEach(line -> out.println("WARNING " + line));
        verdict.failures().forEach(line -> out.println("FAIL  " + line));
        if (verdict.verified()) {
            int n = verdict.warnings().size();
            out.println("VERIFIED: " + reportFile + " is signed by a published report key, every entry is in the"
                    + " log at the checkpoint it cites, and what the report shows follows from what it proves"
                    + (n == 0 ? "" : "; " + n + (n == 1 ? " WARNING" : " WARNINGs") + " above name what could not"
                    + " be checked"));
            return Main.OK;
        }
        out.println("FAILED: " + String.join("; ", verdict.failures()));
        return Main.FAILED;
    }
}
