package dev.candor.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.problem.ProblemResponses;
import dev.candor.common.problem.ProblemType;
import dev.candor.gateway.config.GatewayConfig;
import dev.candor.gateway.domain.OpenApiMerger;
import dev.candor.gateway.domain.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/openapi}: the one OpenAPI document of the public API, merged from each service's own
 * ({@code /q/openapi}) and the gateway's (the access log), keeping only the paths the route table exposes. Public,
 * like any API description; Swagger UI at {@code /q/swagger-ui} shows it. Kept for a minute once complete.
 */
@ApplicationScoped
public class MergedOpenApi {

    private static final Logger LOG = Logger.getLogger(MergedOpenApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KEEP_NANOS = 60_000_000_000L;

    @Inject
    GatewayConfig config;

    private HttpClient client;
    private volatile String cached;
    private volatile long cachedAt;

    void register(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient();
        router.get(RouteTable.OPENAPI).order(5).handler(this::serve);
    }

    void serve(RoutingContext rc) {
        String document = cached;
        if (document != null && System.nanoTime() - cachedAt < KEEP_NANOS) {
            send(rc, document);
            return;
        }
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("gateway", "http://localhost:" + rc.request().localAddress().port());
        config.upstreams().forEach((name, upstream) -> sources.put(name, upstream.url()));
        List<String> names = new ArrayList<>(sources.keySet());
        List<Future<JsonNode>> fetches = names.stream().map(name -> fetch(sources.get(name))).toList();
        Future.join(new ArrayList<>(fetches)).onComplete(done -> {
            Map<String, JsonNode> documents = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (fetches.get(i).succeeded()) {
                    documents.put(names.get(i), fetches.get(i).result());
                } else {
                    LOG.warnf("no OpenAPI document from %s: %s", names.get(i), fetches.get(i).cause().toString());
                    missing.add(names.get(i));
                }
            }
            try {
                String merged = JSON.writeValueAsString(OpenApiMerger.merge(documents,
                        path -> RouteTable.find(path).isPresent() || path.equals(RouteTable.ACCESS_LOG), missing));
                if (missing.isEmpty()) {
                    cached = merged;
                    cachedAt = System.nanoTime();
                }
                send(rc, merged);
            } catch (Exception e) {
                LOG.error("merging the OpenAPI documents failed", e);
                ProblemResponses.write(rc, ProblemType.INTERNAL.problem("the API description could not be built"));
            }
        });
    }

    private Future<JsonNode> fetch(String baseUrl) {
        URI base = URI.create(baseUrl);
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                        .setPort(base.getPort()).setURI("/q/openapi?format=json").setIdleTimeout(5_000)
                        .addHeader("Accept", "application/json"))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture("status " + response.statusCode()))
                .map(this::parse);
    }

    private JsonNode parse(Buffer body) {
        try {
            return JSON.readTree(body.getBytes());
        } catch (Exception e) {
            throw new IllegalStateException("not an OpenAPI JSON document", e);
        }
    }

    private static void send(RoutingContext rc, String document) {
        rc.response().putHeader("Content-Type", "application/json").end(document);
    }
}
