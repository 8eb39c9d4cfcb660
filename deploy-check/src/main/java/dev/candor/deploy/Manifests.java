package dev.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rendered objects as fabric8 typed models, and the small helpers the checks share. */
public final class Manifests {

    /** Where an object came from; kept beside the object while rendering, dropped before typed parsing. */
    static final String SOURCE = "__source";

    /** Custom resources Candor uses, whose operators are documented prerequisites (docs/k8s.md). */
    static final Set<String> KNOWN_CUSTOM_KINDS = Set.of(
            "postgresql.cnpg.io/v1/Cluster",
            "k8s.keycloak.org/v2alpha1/Keycloak",
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
            "external-secrets.io/v1/ExternalSecret",
            "monitoring.coreos.com/v1/ServiceMonitor");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** One rendered object: its tree (for custom resources) and its typed model. */
    public record Parsed(ObjectNode tree, HasMetadata typed, String source) {
        public String kind() {
            return typed.getKind();
        }

        public String name() {
            return typed.getMetadata().getName();
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + source + ")";
        }
    }

    /**
     * Parses every object into fabric8's typed model. A built-in kind must come out typed, a custom kind must be one
     * of {@link #KNOWN_CUSTOM_KINDS}; a field the typed model does not know (a typo such as {@code replica:}) is a
     * problem, since the API server would drop or reject it.
     */
    public static List<Parsed> parse(List<ObjectNode> objects, List<String> problems) {
        List<Parsed> parsed = new ArrayList<>();
        for (ObjectNode o : objects) {
            ObjectNode tree = o.deepCopy();
            String source = tree.has(SOURCE) ? tree.remove(SOURCE).asText() : "?";
            String what = tree.path("kind").asText() + "/" + tree.path("metadata").path("name").asText()
                    + " (" + source + ")";
            Object typed;
            try {
                typed = SERIALIZATION.convertValue(tree, KubernetesResource.class);
            } catch (RuntimeException e) {
                problems.add(what + ": does not parse: " + rootMessage(e));
                continue;
            }
            if (!(typed instanceof HasMetadata resource)) {
                problems.add(what + ": not a Kubernetes object");
                continue;
            }
            String gvk = tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
            if (typed instanceof GenericKubernetesResource) {
                if (isBuiltIn(tree.path("apiVersion").asText())) {
                    problems.add(what + ": " + gvk + " is no Kubernetes kind");
                    continue;
                }
                if (!KNOWN_CUSTOM_KINDS.contains(gvk)) {
                    problems.add(what + ": custom kind " + gvk + " is not one Candor's documented operators serve");
                }
            } else {
                unknownFields(typed, what, "", problems, 0);
            }
            parsed.add(new Parsed(tree, resource, source));
        }
        return parsed;
    }

    /** Reports every {@code additionalProperties} entry in a typed model: fields the schema does not have. */
    private static void unknownFields(Object node, String what, String path, List<String> problems, int depth) {
        if (node == null || depth > 40 || node instanceof Quantity || node instanceof IntOrString
                || node instanceof String || node instanceof Number || node instanceof Boolean) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, what, path + "[" + i++ + "]", problems, depth + 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, what, path + "." + k, problems, depth + 1));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(what + ": unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "/" : path));
                }
                continue;
            }
            String property = getter.getName().startsWith("is") ? getter.getName().substring(2)
                    : getter.getName().substring(3);
            unknownFields(value, what, path + "." + Character.toLowerCase(property.charAt(0))
                    + property.substring(1), problems, depth + 1);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Core (v1) and the Kubernetes API groups (apps, batch, policy, *.k8s.io): the kinds fabric8 types. */
    static boolean isBuiltIn(String apiVersion) {
        if (!apiVersion.contains("/")) {
            return true;
        }
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** The containers (and init containers) of a workload's pod template, as trees. */
    static List<ObjectNode> containers(ObjectNode o) {
        List<ObjectNode> result = new ArrayList<>();
        JsonNode pod = o.path("spec").path("template").path("spec");
        for (String field : List.of("initContainers", "containers")) {
            for (JsonNode c : pod.path(field)) {
                if (c instanceof ObjectNode container) {
                    result.add(container);
                }
            }
        }
        return result;
    }

    /** The repository part of an image reference: no tag, no digest. */
    static String repository(String image) {
        String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = noDigest.lastIndexOf(':');
        return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
    }

    static String id(ObjectNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }
}
