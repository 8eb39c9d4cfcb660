package dev.candor.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The local stack's secrets — database passwords, Keycloak client secrets, the Keycloak admin password — made on
 * first start and kept in the git-ignored home (readable by the owner only). Nothing secret is in the repository.
 */
public final class StackSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Properties values = new Properties();
    private final Path file;

    private StackSecrets(Path file) {
        this.file = file;
    }

    public static StackSecrets loadOrCreate(Path home) throws IOException {
        StackSecrets secrets = new StackSecrets(home.resolve("secrets.properties"));
        if (Files.exists(secrets.file)) {
            try (Reader in = Files.newBufferedReader(secrets.file)) {
                secrets.values.load(in);
            }
        }
        return secrets;
    }

    /** The secret named {@code key}, made now if it does not exist yet. */
    public synchronized String get(String key) throws IOException {
        String value = values.getProperty(key);
        if (value == null) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            values.setProperty(key, value);
            save();
        }
        return value;
    }

    public Path file() {
        return file;
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            values.store(out, "Candor local stack secrets: generated on first start, never commit");
        }
    }
}
