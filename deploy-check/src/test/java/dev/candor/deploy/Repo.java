package dev.candor.deploy;

import java.nio.file.Path;

/** The repository's root (set by the build; the module's parent when run from an IDE). */
final class Repo {

    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("candor.repo.dir", "..")).toAbsolutePath().normalize();
    }

    static Path k8s(String dir) {
        return root().resolve("k8s").resolve(dir);
    }
}
