package dev.candor.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -cp ... dev.candor.deploy.DeployCheck k8s/overlays/dev k8s/overlays/prod}: renders and checks each
 * kustomization, prints every problem, exits 1 if there was one. The same checks run in {@code ./mvnw verify}.
 */
public final class DeployCheck {

    private DeployCheck() {
    }

    public static void main(String[] args) {
        int failures = 0;
        for (String dir : args) {
            List<String> problems = ManifestCheck.check(Path.of(dir));
            System.out.println(dir + ": " + (problems.isEmpty() ? "ok" : problems.size() + " problem(s)"));
            problems.forEach(p -> System.out.println("  " + p));
            failures += problems.size();
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
