package dev.candor.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candor.common.web.RequestIds;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/** Writes a {@link Problem} as a response: the one place that decides headers and body for JAX-RS and Vert.x alike. */
public final class ProblemResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    public static Problem contextualise(Problem problem, HttpServerRequest request) {
        if (request == null) {
            return problem;
        }
        return problem.withContext(request.path(), request.getHeader(RequestIds.HEADER));
    }

    public static Response toResponse(Problem problem, HttpServerRequest request) {
        Problem body = contextualise(problem, request);
        Response.ResponseBuilder builder = Response.status(body.status())
                .type(Problem.MEDIA_TYPE)
                .entity(body);
        if (body.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"candor\"");
        }
        return builder.build();
    }

    /** For code that runs below JAX-RS (Vert.x routes, the gateway's proxy, authentication failures). */
    public static void write(RoutingContext rc, Problem problem) {
        if (rc.response().headWritten()) {
            rc.response().close();
            return;
        }
        Problem body = contextualise(problem, rc.request());
        rc.response().setStatusCode(body.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (body.status() == 401) {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"candor\"");
        }
        rc.response().end(serialize(body));
    }

    public static String serialize(Problem problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serialises", e);
        }
    }
}
