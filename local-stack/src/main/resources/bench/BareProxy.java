import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * The gateway benchmark's control: the least an HTTP/1.1 proxy built on the gateway's own Vert.x and Netty can do per
 * request — read it, send it on over a pooled keep-alive connection of the same event loop, relay the answer — and
 * nothing else (no token, no route, no limits, no log, no metrics). Its CPU per request is the floor under the
 * gateway's on this machine. Run by GatewayBenchmark as a single-file program on the gateway's class path:
 * {@code java -cp <gateway>/quarkus-app/lib/main/* BareProxy.java <listen port> <upstream port>}. Not shipped.
 */
public class BareProxy extends AbstractVerticle {

    private static int listenPort;
    private static int upstreamPort;
    private HttpClient client;

    @Override
    public void start() {
        client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        vertx.createHttpServer().requestHandler(request -> client
                .request(request.method(), upstreamPort, "localhost", request.uri())
                .compose(up -> {
                    up.headers().setAll(request.headers()).remove("host").remove("connection");
                    return up.send();
                })
                .onComplete(answer -> {
                    if (answer.failed()) {
                        request.response().setStatusCode(502).end();
                        return;
                    }
                    HttpClientResponse response = answer.result();
                    response.body().onComplete(body -> {
                        HttpServerResponse out = request.response().setStatusCode(response.statusCode());
                        out.headers().setAll(response.headers()).remove("connection").remove("transfer-encoding");
                        if (body.succeeded()) {
                            out.end(body.result());
                        } else {
                            out.setStatusCode(502).end();
                        }
                    });
                })).listen(listenPort);
    }

    public static void main(String[] args) {
        listenPort = Integer.parseInt(args[0]);
        upstreamPort = Integer.parseInt(args[1]);
        int loops = Runtime.getRuntime().availableProcessors(); // as the gateway runs here: one event loop per core
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
        vertx.deployVerticle(BareProxy::new, new DeploymentOptions().setInstances(loops));
    }
}
