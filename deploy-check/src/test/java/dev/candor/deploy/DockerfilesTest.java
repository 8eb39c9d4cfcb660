package dev.candor.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Deployment's image has a Dockerfile in its module, and the two agree: the base image is pinned, the image's
 * user is the pod's runAsUser and it exposes the container's port.
 */
class DockerfilesTest {

    @Test
    void everyServiceImageIsBuiltFromAPinnedBaseAsThePodsUser() throws IOException {
        Kustomize.Rendering rendering = Kustomize.render(Repo.k8s("base"));
        List<Deployment> deployments = Manifests.parse(rendering.objects(), new ArrayList<>()).stream()
                .map(Manifests.Parsed::typed).filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .toList();
        assertThat(deployments).hasSize(4);
        for (Deployment d : deployments) {
            Path dockerfile = Repo.root().resolve(d.getMetadata().getName()).resolve("src/main/docker/Dockerfile.jvm");
            assertThat(dockerfile).exists();
            List<String> lines = Files.readAllLines(dockerfile).stream().map(String::trim)
                    .filter(l -> !l.startsWith("#")).toList();

            String from = lines.stream().filter(l -> l.startsWith("FROM ")).findFirst().orElseThrow().substring(5);
            String repository = Manifests.repository(from);
            assertThat(from.substring(repository.length())).as(from + " is pinned").matches(":[0-9][^ ]*");

            var pod = d.getSpec().getTemplate().getSpec();
            assertThat(lines).contains("USER " + pod.getSecurityContext().getRunAsUser());
            assertThat(lines).contains("EXPOSE " + pod.getContainers().get(0).getPorts().get(0).getContainerPort());
            assertThat(lines).anyMatch(l -> l.contains("target/quarkus-app/"));
        }
    }
}
