package dev.candor.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stand-ins for the services behind the gateway: each answers with what it received (method, URI, the headers
 * that matter, the body) so tests can see exactly what the gateway forwarded. The ledger points at a closed port.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String json = "{\"method\":\"" + exchange.getRequestMethod() + "\","
                        + "\"uri\":\"" + exchange.getRequestURI() + "\","
                        + "\"authorization\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + "\","
                        + "\"requestId\":\"" + exchange.getRequestHeaders().getFirst("X-Request-Id") + "\","
                        + "\"bodyLength\":" + body.length() + "}";
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            String echo = "http://localhost:" + server.getAddress().getPort();
            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            return Map.of(
                    "candor.gateway.upstreams.consent.url", echo,
                    "candor.gateway.upstreams.report.url", echo,
                    "candor.gateway.upstreams.ledger.url", "http://localhost:" + closed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
