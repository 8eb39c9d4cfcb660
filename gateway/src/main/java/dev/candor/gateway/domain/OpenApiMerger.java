package dev.candor.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Merges the services' OpenAPI documents into the one public document: only the paths the gateway exposes, one
 * bearer scheme for all of them, the problem responses the gateway itself may give on every operation, and each
 * service's schemas and examples as they are.
 */
public final class OpenApiMerger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String PROBLEM_REF = "#/components/schemas/GatewayProblem";

    /** What the gateway itself answers on any operation, besides what each service documents. */
    private static final Map<String, String> GATEWAY_RESPONSES = Map.of(
            "401", "no valid bearer token (missing, expired, wrong issuer or audience, bad signature)",
            "403", "the caller's role may not use this API, the path names a patient the caller does not act for, or"
                    + " a browser's origin is not a portal origin (CORS)",
            "408", "the request body did not arrive within the gateway's time (20 s); the connection is closed",
            "413", "the request body is larger than the gateway accepts",
            "429", "a rate limit is reached; the Retry-After header says when to retry",
            "502", "the service behind the gateway failed",
            "503", "the service behind the gateway is unavailable or its circuit is open",
            "504", "the service behind the gateway did not answer in time");

    private OpenApiMerger() {
    }

    /**
     * @param documents each service's document by service name, in the order they should win conflicts
     * @param isPublic  which paths the gateway exposes
     * @param missing   services whose document could not be fetched (named in the result)
     */
    public static ObjectNode merge(Map<String, JsonNode> documents, Predicate<String> isPublic,
                                   Collection<String> missing) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("openapi", documents.values().stream().map(d -> d.path("openapi").asText(""))
                .filter(v -> !v.isEmpty()).findFirst().orElse("3.0.3"));
        ObjectNode info = merged.putObject("info");
        info.put("title", "Candor API");
        info.put("version", "v1");
        info.put("description", "The public API of Candor, through the gateway. Every path needs a Keycloak bearer"
                + " token (realm candor, audience candor-api). Errors are RFC 9457 application/problem+json.");
        if (!missing.isEmpty()) {
            ArrayNode absent = info.putArray("x-candor-missing-services");
            missing.forEach(absent::add);
        }
        merged.putArray("servers").addObject().put("url", "/");
        merged.putArray("security").addObject().putArray("bearer");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ArrayNode tags = merged.putArray("tags");
        Set<String> tagNames = new java.util.HashSet<>();
        for (JsonNode document : documents.values()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                if (isPublic.test(path.getKey()) && !paths.has(path.getKey())) {
                    paths.set(path.getKey(), withGatewayResponses(path.getValue().deepCopy()));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("schemas").fields();
                 it.hasNext(); ) {
                Map.Entry<String, JsonNode> schema = it.next();
                if (!schemas.has(schema.getKey())) {
                    schemas.set(schema.getKey(), schema.getValue());
                }
            }
            for (JsonNode tag : document.path("tags")) {
                if (tagNames.add(tag.path("name").asText())) {
                    tags.add(tag);
                }
            }
        }
        schemas.set("GatewayProblem", problemSchema());
        ObjectNode bearer = components.putObject("securitySchemes").putObject("bearer");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("bearerFormat", "JWT");
        bearer.put("description", "An access token of the Keycloak realm candor with audience candor-api");
        return merged;
    }

    private static JsonNode withGatewayResponses(ObjectNode pathItem) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pathItem.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> operation = it.next();
            if (!METHODS.contains(operation.getKey()) || !(operation.getValue() instanceof ObjectNode op)) {
                continue;
            }
            // One scheme for the whole API: whatever each service called its own is replaced.
            op.putArray("security").addObject().putArray("bearer");
            ObjectNode responses = op.has("responses") ? (ObjectNode) op.get("responses") : op.putObject("responses");
            GATEWAY_RESPONSES.forEach((status, description) -> {
                if (!responses.has(status)) {
                    ObjectNode response = responses.putObject(status);
                    response.put("description", description);
                    response.putObject("content").putObject("application/problem+json").putObject("schema")
                            .put("$ref", PROBLEM_REF);
                }
            });
        }
        return pathItem;
    }

    private static ObjectNode problemSchema() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.put("description", "RFC 9457 problem details, as every Candor service and the gateway return them");
        ObjectNode properties = schema.putObject("properties");
        for (String text : new String[]{"type", "title", "detail", "instance", "requestId"}) {
            properties.putObject(text).put("type", "string");
        }
        properties.putObject("status").put("type", "integer");
        ObjectNode example = schema.putObject("example");
        example.put("type", "https://candor.dev/problems/rate-limited");
        example.put("title", "Too many requests");
        example.put("status", 429);
        example.put("detail", "the rate limit of user alice is reached; retry after 1 s");
        example.put("instance", "/api/v1/disclosures");
        example.put("requestId", "b7d5c0e2-6a0f-4c36-9a4e-1f3f0b1d2c11");
        return schema;
    }
}
