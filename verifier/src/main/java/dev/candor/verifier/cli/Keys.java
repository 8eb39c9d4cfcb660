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
        List<String> texts = new ArrayList<>(args.all(KEY));
        for (String file : args.all(KEY_FILE)) {
            try {
                for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.strip().startsWith("#")) {
                        texts.add(line.strip());
                    }
                }
            } catch (IOException e) {
                throw new UsageException("cannot read key file " + file + ": " + e.getMessage());
            }
        }
        if (texts.isEmpty()) {
            throw new UsageException("no trusted key given (" + KEY + " or " + KEY_FILE + ")");
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
