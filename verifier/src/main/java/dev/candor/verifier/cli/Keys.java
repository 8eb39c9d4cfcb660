package dev.candor.verifier.cli;

import dev.candor.verifier.note.NoteVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The trusted verifier keys from {@code --key} and {@code --key-file} options. */
final class Keys {

    static final String KEY = "--key";
    static final String KEY_FILE = "--key-file";
    static final String USAGE = "--key <verifier-key> [--key ...] | --key-file <file, one key per line>";

    private Keys() {
    }

    static List<NoteVerifier> from(Args args) throws UsageException {
        return from(args.all(KEY), args.all(KEY_FILE), KEY, KEY_FILE);
    }

    /**
     * The keys given as option values and in key files; the option names are the command's own, so a message names
     * what the user typed.
     */
    static List<NoteVerifier> from(List<String> keyArgs, List<String> files, String keyOption, String fileOption)
            throws UsageException {
        List<String> texts = new ArrayList<>(keyArgs);
        for (String file : files) {
            try {
                for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.strip().startsWith("#")) {
                        texts.add(line.strip());
                    }
                }
            } catch (IOException e) {
                throw new UsageException("cannot read key file " + file + " (" + fileOption + "): "
                        + Sources.describe(e));
            }
        }
        if (texts.isEmpty()) {
            throw new UsageException(files.isEmpty() ? "no trusted key given (" + keyOption + " or " + fileOption + ")"
                    : "no trusted key given: " + fileOption + " " + String.join(", ", files) + " holds no key"
                    + " (one verifier key per line; blank lines and # comments are skipped)");
        }
        List<NoteVerifier> keys = new ArrayList<>();
        for (String text : texts) {
            try {
                keys.add(NoteVerifier.parse(text));
            } catch (IllegalArgumentException e) {
                throw new UsageException("bad verifier key \"" + text + "\": " + e.getMessage());
            }
        }
        return keys;
    }
}
