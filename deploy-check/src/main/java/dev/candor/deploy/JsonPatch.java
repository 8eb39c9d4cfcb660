package dev.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * RFC 6902 {@code add}, {@code replace} and {@code remove} — the operations Kustomize overlays use. A {@code replace}
 * or {@code remove} of a path that does not exist is a problem, as it is for Kustomize: an overlay whose patch no
 * longer finds its field is broken, not a no-op.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(ObjectNode target, ArrayNode ops, String where, List<String> problems) {
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText();
            String[] tokens = path.substring(path.startsWith("/") ? 1 : 0).split("/", -1);
            JsonNode parent = target;
            for (int i = 0; i < tokens.length - 1 && parent != null; i++) {
                parent = child(parent, unescape(tokens[i]));
            }
            String last = unescape(tokens[tokens.length - 1]);
            if (parent == null || !(parent.isObject() || parent.isArray())) {
                problems.add(where + ": " + kind + " " + path + ": no such path");
                continue;
            }
            boolean exists = child(parent, last) != null;
            switch (kind) {
                case "replace", "remove" -> {
                    if (!exists) {
                        problems.add(where + ": " + kind + " " + path + ": no such path");
                    } else if (kind.equals("remove")) {
                        remove(parent, last);
                    } else {
                        set(parent, last, op.get("value"));
                    }
                }
                case "add" -> {
                    if (parent.isArray() && last.equals("-")) {
                        ((ArrayNode) parent).add(op.get("value").deepCopy());
                    } else if (parent.isArray()) {
                        ((ArrayNode) parent).insert(Integer.parseInt(last), op.get("value").deepCopy());
                    } else {
                        set(parent, last, op.get("value"));
                    }
                }
                default -> problems.add(where + ": op '" + kind + "' is not supported by the offline renderer");
            }
        }
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isArray()) {
            if (!token.matches("\\d+")) {
                return null;
            }
            int i = Integer.parseInt(token);
            return i < node.size() ? node.get(i) : null;
        }
        return node.get(token);
    }

    private static void set(JsonNode parent, String token, JsonNode value) {
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(token), value.deepCopy());
        } else {
            ((ObjectNode) parent).set(token, value.deepCopy());
        }
    }

    private static void remove(JsonNode parent, String token) {
        if (parent.isArray()) {
            ((ArrayNode) parent).remove(Integer.parseInt(token));
        } else {
            ((ObjectNode) parent).remove(token);
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
