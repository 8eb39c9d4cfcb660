package dev.candor.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The real manifests: base and both overlays render, parse to typed models and keep every rule. */
class K8sManifestsTest {

    private static final List<String> SERVICES = List.of("gateway", "consent-service", "disclosure-ledger",
            "report-service");

    private static List<Manifests.Parsed> parse(String dir) {
        Kustomize.Rendering rendering = Kustomize.render(Repo.k8s(dir));
        List<String> problems = new ArrayList<>(rendering.problems());
        List<Manifests.Parsed> parsed = Manifests.parse(rendering.objects(), problems);
        assertThat(problems).as("rendering %s", dir).isEmpty();
        return parsed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyRuleHolds(String dir) {
        assertThat(ManifestCheck.check(Repo.k8s(dir))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void builtInKindsParseToTypedModels(String dir) {
        List<Manifests.Parsed> parsed = parse(dir);
        assertThat(parsed).filteredOn(p -> Manifests.isBuiltIn(p.typed().getApiVersion()))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.typed()).isNotInstanceOf(GenericKubernetesResource.class));
        assertThat(parsed).extracting(Manifests.Parsed::kind).contains("Deployment", "Service", "Ingress",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap", "NetworkPolicy", "Cluster",
                "Keycloak", "KeycloakRealmImport", "ExternalSecret");
        for (String service : SERVICES) {
            assertThat(parsed).anySatisfy(p -> {
                assertThat(p.typed()).isInstanceOf(Deployment.class);
                assertThat(p.name()).isEqualTo(service);
            });
        }
    }

    @Test
    void overlaysSetTheirNamespace() {
        assertThat(parse("overlays/dev")).allSatisfy(p -> assertThat(p.typed().getMetadata().getNamespace())
                .isEqualTo("candor-dev"));
        assertThat(parse("overlays/prod")).allSatisfy(p -> assertThat(p.typed().getMetadata().getNamespace())
                .isEqualTo("candor"));
    }

    @Test
    void prodRunsAtLeastTwoOfEverything() {
        List<Manifests.Parsed> prod = parse("overlays/prod");
        assertThat(prod).filteredOn(p -> p.typed() instanceof HorizontalPodAutoscaler).hasSize(4)
                .allSatisfy(p -> assertThat(((HorizontalPodAutoscaler) p.typed()).getSpec().getMinReplicas())
                        .isGreaterThanOrEqualTo(2));
        assertThat(prod).filteredOn(p -> p.typed() instanceof Deployment).hasSize(4)
                .allSatisfy(p -> assertThat(((Deployment) p.typed()).getSpec().getReplicas()).isEqualTo(2));
        assertThat(prod).filteredOn(p -> p.kind().equals("Cluster")).hasSize(5)
                .allSatisfy(p -> assertThat(p.tree().path("spec").path("instances").asInt()).isEqualTo(3));
        assertThat(prod).filteredOn(p -> p.kind().equals("Keycloak"))
                .singleElement().satisfies(p -> assertThat(p.tree().path("spec").path("instances").asInt()).isEqualTo(2));
        assertThat(prod).filteredOn(p -> p.kind().equals("ServiceMonitor")).hasSize(1);
    }

    @Test
    void tracingIsOffUnlessTheProdOverlayTurnsItOn() {
        assertThat(commonConfig("overlays/dev").get("QUARKUS_OTEL_SDK_DISABLED")).isEqualTo("true");
        assertThat(commonConfig("overlays/prod").get("QUARKUS_OTEL_SDK_DISABLED")).isEqualTo("false");
        assertThat(commonConfig("overlays/prod").get("QUARKUS_LOG_CONSOLE_JSON_ENABLED")).isEqualTo("true");
    }

    private static Map<String, String> commonConfig(String dir) {
        return parse(dir).stream().filter(p -> p.name().equals("candor-common")).findFirst()
                .map(p -> ((io.fabric8.kubernetes.api.model.ConfigMap) p.typed()).getData()).orElseThrow();
    }

    /** Issue 7: each service reaches only its own database, Keycloak, the services it calls, and DNS. */
    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void eachServiceReachesOnlyWhatItNeeds(String dir) {
        Map<String, Set<String>> egress = new Topology(parse(dir)).egress();
        String dns = "namespace:kube-system";
        String keycloak = "Keycloak/candor-keycloak";
        Set<String> extra = dir.endsWith("prod") ? Set.of(dns, "namespace:observability") : Set.of(dns);

        assertThat(egress.get("Deployment/gateway")).containsExactlyInAnyOrderElementsOf(with(extra,
                "Deployment/consent-service", "Deployment/disclosure-ledger", "Deployment/report-service",
                "Cluster/gateway-db", keycloak));
        assertThat(egress.get("Deployment/consent-service")).containsExactlyInAnyOrderElementsOf(with(extra,
                "Cluster/consent-db", keycloak));
        assertThat(egress.get("Deployment/disclosure-ledger")).containsExactlyInAnyOrderElementsOf(with(extra,
                "Deployment/consent-service", "Cluster/ledger-db", keycloak));
        assertThat(egress.get("Deployment/report-service")).containsExactlyInAnyOrderElementsOf(with(extra,
                "Deployment/consent-service", "Deployment/disclosure-ledger", "Cluster/report-db", keycloak));
        assertThat(egress.get("Cluster/ledger-db")).doesNotContain("Deployment/gateway", "Deployment/consent-service");
    }

    @Test
    void theApiIngressForwardsOnlyTheApiAndItsDocumentationNotMetricsOrHealth() {
        var api = parse("overlays/prod").stream().filter(p -> p.kind().equals("Ingress")
                && p.name().equals("candor-api")).findFirst().orElseThrow();
        List<String> paths = new ArrayList<>();
        for (var rule : api.tree().path("spec").path("rules")) {
            for (var path : rule.path("http").path("paths")) {
                paths.add(path.path("path").asText());
                assertThat(path.path("backend").path("service").path("name").asText()).isEqualTo("gateway");
            }
        }
        assertThat(paths).containsExactlyInAnyOrder("/api/", "/q/swagger-ui");
    }

    @Test
    void onlyTheGatewayAndKeycloakAreReachableFromTheIngressController() {
        Map<String, Set<String>> ingress = new Topology(parse("overlays/prod")).ingress();
        assertThat(ingress.entrySet().stream().filter(e -> e.getValue().contains("namespace:ingress-nginx"))
                .map(Map.Entry::getKey).toList()).containsExactlyInAnyOrder("Deployment/gateway", "Keycloak/candor-keycloak");
        assertThat(ingress.get("Cluster/ledger-db")).containsExactlyInAnyOrder("Deployment/disclosure-ledger",
                "Cluster/ledger-db", "namespace:cnpg-system");
        assertThat(ingress.get("Deployment/report-service")).containsExactlyInAnyOrder("Deployment/gateway",
                "namespace:monitoring");
    }

    @Test
    void theLedgerConnectsAsItsAppRoleAndMigratesAsTheOwner() {
        Deployment ledger = parse("overlays/prod").stream().filter(p -> p.name().equals("disclosure-ledger")
                && p.typed() instanceof Deployment).map(p -> (Deployment) p.typed()).findFirst().orElseThrow();
        Map<String, String> secretOf = new java.util.HashMap<>();
        ledger.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                .forEach(e -> secretOf.put(e.getName(), e.getValueFrom().getSecretKeyRef().getName()));
        assertThat(secretOf).containsEntry("QUARKUS_DATASOURCE_USERNAME", "ledger-db-ledger-app")
                .containsEntry("QUARKUS_FLYWAY_USERNAME", "ledger-db-app");
        var cluster = parse("overlays/prod").stream().filter(p -> p.name().equals("ledger-db")).findFirst()
                .orElseThrow().tree().path("spec");
        assertThat(cluster.path("bootstrap").path("initdb").path("owner").asText()).isEqualTo("ledger_owner");
        assertThat(cluster.path("managed").path("roles").get(0).path("name").asText()).isEqualTo("ledger_app");
        assertThat(cluster.path("managed").path("roles").get(0).path("superuser").asBoolean(true)).isFalse();
    }

    private static List<String> with(Set<String> extra, String... peers) {
        List<String> all = new ArrayList<>(List.of(peers));
        all.addAll(extra);
        return all;
    }
}
