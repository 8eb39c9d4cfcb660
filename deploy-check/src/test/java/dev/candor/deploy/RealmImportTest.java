package dev.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed KeycloakRealmImport is what the generator makes from the realm, and carries no demo credentials. */
class RealmImportTest {

    private final String generated = RealmImportGenerator.generate(Repo.root().resolve("keycloak/candor-realm.json"));

    @Test
    void theCommittedRealmImportIsTheGeneratorsOutput() throws IOException {
        String committed = Files.readString(Repo.root().resolve(RealmImportGenerator.TARGET));
        assertThat(committed)
                .as("k8s/base/keycloak/realm-import.yaml is stale: run the RealmImportGenerator (docs/k8s.md)")
                .isEqualTo(generated);
    }

    @Test
    void onlyServiceAccountsRemainAndNobodyHasAPassword() throws IOException {
        JsonNode realm = Kustomize.YAML.readTree(generated).path("spec").path("realm");
        JsonNode source = new ObjectMapper().readTree(Repo.root().resolve("keycloak/candor-realm.json").toFile());

        List<String> users = new ArrayList<>();
        realm.path("users").forEach(u -> users.add(u.path("username").asText()));
        assertThat(users).isNotEmpty().allMatch(u -> u.startsWith("service-account-"));
        assertThat(users).doesNotContain("alice", "bob", "dana", "tom", "tess", "rita", "adam");
        assertThat(realm.findValues("credentials")).isEmpty();
        // the realm itself (roles, clients, mappers) is carried over whole
        assertThat(realm.path("roles")).isEqualTo(source.path("roles"));
        assertThat(realm.path("clients").size()).isEqualTo(source.path("clients").size());
    }

    @Test
    void everyClientSecretIsAPlaceholderReadFromTheClientSecretsSecret() throws IOException {
        JsonNode spec = Kustomize.YAML.readTree(generated).path("spec");
        List<String> confidential = new ArrayList<>();
        spec.path("realm").path("clients").forEach(c -> {
            if (!c.path("publicClient").asBoolean(false)) {
                confidential.add(c.path("clientId").asText());
                String secret = c.path("secret").asText();
                assertThat(secret).startsWith("${CANDOR_CLIENT_SECRET_");
                String name = secret.substring(2, secret.length() - 1);
                assertThat(spec.path("placeholders").path(name).path("secret").path("name").asText())
                        .isEqualTo("candor-client-secrets");
                assertThat(spec.path("placeholders").path(name).path("secret").path("key").asText())
                        .isEqualTo(c.path("clientId").asText());
            }
        });
        assertThat(confidential).contains("candor-internal");
    }

    @Test
    void thePortalHasNoPasswordGrantAndNoLocalRedirects() throws IOException {
        JsonNode portal = null;
        for (JsonNode c : Kustomize.YAML.readTree(generated).path("spec").path("realm").path("clients")) {
            if (c.path("publicClient").asBoolean(false)) {
                portal = c;
            }
        }
        assertThat(portal).isNotNull();
        assertThat(portal.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
        assertThat(portal.path("redirectUris").toString()).doesNotContain("localhost", "127.0.0.1");
    }
}
