package dev.candor.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a Kustomize directory the way {@code kubectl kustomize} does, for the subset of Kustomize that Candor's
 * manifests use: {@code resources} (files and directories), {@code namespace}, {@code images} (new tag or name) and
 * {@code patches} (strategic-merge patches naming their object, JSON 6902 patches with a {@code target}). Anything
 * else in a kustomization is reported rather than silently ignored, so the checks never pass on a rendering that
 * differs from the real one. Every problem names the file it is in.
 */
public final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "images",
            "patches");

    /** The objects of a rendering and what was wrong with the kustomizations on the way. */
    public record Rendering(List<ObjectNode> objects, List<String> problems) {
    }

    private Kustomize() {
    }

    public static Rendering render(Path dir) {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> objects = render(dir.toAbsolutePath().normalize(), problems);
        return new Rendering(objects, problems);
    }

    private static List<ObjectNode> render(Path dir, List<String> problems) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            problems.add(dir + ": no kustomization.yaml");
            return new ArrayList<>();
        }
        JsonNode k;
        try {
            k = YAML.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(file + ": not YAML: " + e.getMessage());
            return new ArrayList<>();
        }
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                problems.add(file + ": '" + field + "' is not supported by the offline renderer");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode entry : k.path("resources")) {
            Path resource = dir.resolve(entry.asText()).normalize();
            if (!Files.exists(resource)) {
                problems.add(file + ": resource '" + entry.asText() + "' does not exist");
            } else if (Files.isDirectory(resource)) {
                objects.addAll(render(resource, problems));
            } else {
                objects.addAll(readObjects(resource, problems));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, file, patch, objects, problems);
        }
        for (JsonNode image : k.path("images")) {
            applyImage(file, image, objects, problems);
        }
        if (k.hasNonNull("namespace")) {
            for (ObjectNode o : objects) {
                ((ObjectNode) o.with("metadata")).put("namespace", k.get("namespace").asText());
            }
        }
        return objects;
    }

    /** Every YAML document of a file; each must be a Kubernetes object (apiVersion, kind, metadata.name). */
    static List<ObjectNode> readObjects(Path file, List<String> problems) {
        List<ObjectNode> objects = new ArrayList<>();
        try {
            int index = 0;
            for (JsonNode doc : documents(Files.readString(file))) {
                index++;
                if (!(doc instanceof ObjectNode o) || !o.hasNonNull("apiVersion") || !o.hasNonNull("kind")
                        || o.path("metadata").path("name").asText("").isEmpty()) {
                    problems.add(file + " (document " + index + "): not a Kubernetes object "
                            + "(apiVersion, kind and metadata.name are required)");
                    continue;
                }
                o.put(Manifests.SOURCE, file.toString());
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": not YAML: " + e.getMessage());
        }
        return objects;
    }

    /** The documents of a YAML stream, each as it is (a top-level list stays a list). */
    static List<JsonNode> documents(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                JsonNode doc = YAML.readTree(parser);
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private static void applyPatch(Path dir, Path file, JsonNode entry, List<ObjectNode> objects,
                                   List<String> problems) {
        String where;
        String text;
        if (entry.hasNonNull("path")) {
            Path p = dir.resolve(entry.get("path").asText()).normalize();
            where = file + ": patch " + entry.get("path").asText();
            if (!Files.isRegularFile(p)) {
                problems.add(where + " does not exist");
                return;
            }
            try {
                text = Files.readString(p);
            } catch (IOException e) {
                problems.add(where + ": " + e.getMessage());
                return;
            }
        } else if (entry.hasNonNull("patch")) {
            where = file + ": inline patch";
            text = entry.get("patch").asText();
        } else {
            problems.add(file + ": a patch needs 'path' or 'patch'");
            return;
        }
        JsonNode target = entry.path("target");
        List<JsonNode> docs;
        try {
            docs = documents(text);
        } catch (IOException | RuntimeException e) {
            problems.add(where + ": not YAML: " + e.getMessage());
            return;
        }
        if (docs.size() == 1 && docs.get(0).isArray()) {
            if (target.isMissingNode()) {
                problems.add(where + ": a JSON 6902 patch needs a target");
                return;
            }
            List<ObjectNode> matched = objects.stream().filter(o -> matches(o, target)).toList();
            if (matched.isEmpty()) {
                problems.add(where + ": target " + target + " matches no resource");
            }
            for (ObjectNode o : matched) {
                JsonPatch.apply(o, (ArrayNode) docs.get(0), where + " on " + Manifests.id(o), problems);
            }
            return;
        }
        for (JsonNode doc : docs) {
            if (!(doc instanceof ObjectNode patch) || !patch.hasNonNull("kind")) {
                problems.add(where + ": a strategic-merge patch must be an object with apiVersion, kind, metadata.name");
                continue;
            }
            List<ObjectNode> matched = objects.stream()
                    .filter(o -> o.path("kind").asText().equals(patch.path("kind").asText())
                            && o.path("metadata").path("name").asText()
                            .equals(patch.path("metadata").path("name").asText()))
                    .filter(o -> target.isMissingNode() || matches(o, target))
                    .toList();
            if (matched.isEmpty()) {
                problems.add(where + ": targets " + patch.path("kind").asText() + "/"
                        + patch.path("metadata").path("name").asText() + ", which is not among the resources");
            }
            for (ObjectNode o : matched) {
                merge(o, patch, Manifests.isBuiltIn(o.path("apiVersion").asText()));
            }
        }
    }

    private static boolean matches(ObjectNode o, JsonNode target) {
        String apiVersion = o.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return (!target.hasNonNull("kind") || target.get("kind").asText().equals(o.path("kind").asText()))
                && (!target.hasNonNull("name")
                || target.get("name").asText().equals(o.path("metadata").path("name").asText()))
                && (!target.hasNonNull("group") || target.get("group").asText().equals(group));
    }

    /**
     * Strategic merge for built-in kinds (lists of objects with a {@code name} merge by name, as for containers,
     * env, ports, volumes), JSON merge patch (RFC 7386: lists are replaced) for custom resources, as Kustomize does.
     */
    static void merge(ObjectNode target, JsonNode patch, boolean strategic) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode current = target.get(f.getKey());
            JsonNode value = f.getValue();
            if (value.isNull()) {
                target.remove(f.getKey());
            } else if (current instanceof ObjectNode c && value.isObject()) {
                merge(c, value, strategic);
            } else if (strategic && current instanceof ArrayNode c && value.isArray() && namedObjects(c)
                    && namedObjects((ArrayNode) value)) {
                for (JsonNode item : value) {
                    ObjectNode same = null;
                    for (JsonNode existing : c) {
                        if (existing.path("name").equals(item.path("name"))) {
                            same = (ObjectNode) existing;
                        }
                    }
                    if (same == null) {
                        c.add(item.deepCopy());
                    } else {
                        merge(same, item, true);
                    }
                }
            } else {
                target.set(f.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean namedObjects(ArrayNode array) {
        for (JsonNode item : array) {
            if (!item.isObject() || !item.hasNonNull("name")) {
                return false;
            }
        }
        return true;
    }

    private static void applyImage(Path file, JsonNode image, List<ObjectNode> objects, List<String> problems) {
        String name = image.path("name").asText();
        boolean used = false;
        for (ObjectNode o : objects) {
            for (ObjectNode container : Manifests.containers(o)) {
                String ref = container.path("image").asText();
                String repository = Manifests.repository(ref);
                if (repository.equals(name)) {
                    used = true;
                    String newName = image.path("newName").asText(repository);
                    if (image.hasNonNull("digest")) {
                        container.put("image", newName + "@" + image.get("digest").asText());
                    } else if (image.hasNonNull("newTag")) {
                        container.put("image", newName + ":" + image.get("newTag").asText());
                    } else {
                        container.put("image", newName + ref.substring(repository.length()));
                    }
                }
            }
        }
        if (!used) {
            problems.add(file + ": image '" + name + "' is used by no container");
        }
    }

    static String describe(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}
