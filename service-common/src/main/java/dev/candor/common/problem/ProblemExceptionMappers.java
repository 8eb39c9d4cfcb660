package dev.candor.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.candor.common.json.InstantRange;
import dev.candor.common.json.NoNulStrings;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one exception-to-problem mapping of every Candor service. Client mistakes become 4xx problems naming what
 * was wrong; anything unexpected becomes a 500 that reveals nothing but the request id.
 */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return ProblemResponses.toResponse(e.problem(), request);
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e, HttpServerRequest request) {
        return constraintViolations(e, request);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return ProblemResponses.toResponse(
                new ProblemException(ProblemType.VALIDATION, detail, errors).problem(), request);
    }

    @ServerExceptionMapper
    public Response unknownProperty(UnrecognizedPropertyException e, HttpServerRequest request) {
        String field = jsonPath(e);
        return ProblemResponses.toResponse(new ProblemException(ProblemType.VALIDATION,
                field + ": unknown field", List.of(new Problem.FieldError(field, "unknown field"))).problem(), request);
    }

    @ServerExceptionMapper
    public Response invalidValue(InvalidFormatException e, HttpServerRequest request) {
        String field = jsonPath(e);
        String original = e.getOriginalMessage();
        // A string refused for what it holds says so; any other value refused for a String field (a number, a
        // boolean: coercion is off) is of the wrong type.
        String message = NoNulStrings.MESSAGE.equals(original) || NoNulStrings.ILL_FORMED_MESSAGE.equals(original)
                ? original
                : e.getTargetType() == String.class ? "wrong type or shape, expected String"
                : InstantRange.MESSAGE.equals(original)
                ? "invalid value '" + e.getValue() + "': " + InstantRange.MESSAGE
                : "invalid value '" + e.getValue() + "'";
        if (e.getTargetType() != null && e.getTargetType().isEnum()) {
            message += "; allowed: " + Arrays.stream(e.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
        }
        return ProblemResponses.toResponse(new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldError(field, message))).problem(), request);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return ProblemResponses.toResponse(ProblemType.MALFORMED_REQUEST.problem(
                    "the body has more after its JSON value" + where(e)), request);
        }
        String field = jsonPath(e);
        String message = "wrong type or shape" + (e.getTargetType() != null
                ? ", expected " + e.getTargetType().getSimpleName() : "");
        return ProblemResponses.toResponse(new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldError(field, message))).problem(), request);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, HttpServerRequest request) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith(DUPLICATE_FIELD) && message.endsWith("'")) {
            // StrictRequestJson: a field given twice (which value would count is a guess).
            String field = message.substring(DUPLICATE_FIELD.length(), message.length() - 1);
            String why = "given more than once" + where(e);
            return ProblemResponses.toResponse(new ProblemException(ProblemType.VALIDATION, field + ": " + why,
                    List.of(new Problem.FieldError(field, why))).problem(), request);
        }
        InputCoercionException coercion = inputCoercion(e);
        if (coercion != null) {
            // Valid JSON whose number does not fit the field's type (recordCount 2^63): say so, naming the field.
            JsonParser parser = coercion.getProcessor();
            String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty() ? jsonPath(mapping)
                    : parser != null && parser.getParsingContext().getCurrentName() != null
                    ? parser.getParsingContext().getCurrentName() : "body";
            String why = "number out of range" + where(e);
            return ProblemResponses.toResponse(new ProblemException(ProblemType.VALIDATION, field + ": " + why,
                    List.of(new Problem.FieldError(field, why))).problem(), request);
        }
        return ProblemResponses.toResponse(
                ProblemType.MALFORMED_REQUEST.problem("the body is not valid JSON" + where(e)), request);
    }

    /** The parser's "number out of range", as thrown or as wrapped by data binding; null if it is not one. */
    private static InputCoercionException inputCoercion(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputCoercionException coercion) {
                return coercion;
            }
        }
        return null;
    }

    /** Jackson's words for a field named twice in one object (JsonParser.Feature.STRICT_DUPLICATE_DETECTION). */
    private static final String DUPLICATE_FIELD = "Duplicate field '";

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
    }

    /** A DTO Jackson cannot bind is our fault, not the client's: a 500 problem like any other, not an empty one. */
    @ServerExceptionMapper
    public Response unbindable(InvalidDefinitionException e, HttpServerRequest request) {
        return unexpected(e, request);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return ProblemResponses.toResponse(ProblemType.UNAUTHORIZED.problem("a valid bearer token is required"),
                request);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return ProblemResponses.toResponse(
                ProblemType.UNAUTHORIZED.problem("the bearer token is missing, invalid or expired"), request);
    }

    @ServerExceptionMapper
    public Response authenticationIncomplete(AuthenticationCompletionException e, HttpServerRequest request) {
        return authenticationFailed(null, request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return ProblemResponses.toResponse(
                ProblemType.FORBIDDEN.problem("the caller's role does not allow this operation"), request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, request);
        }
        if (e.getCause() instanceof ProblemException problem) {
            // A query parameter refused by QueryParams' converters (JAX-RS wraps converter failures as 404s).
            return problem(problem, request);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        ProblemType type = ProblemType.forStatus(status);
        if (status >= 500) {
            LOG.errorf(e, "request %s failed", request == null ? "?" : request.getHeader("X-Request-Id"));
            return ProblemResponses.toResponse(type.problem("the request could not be completed"), request);
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method " + (request == null ? "" : request.method() + " ") + "not allowed here";
            case 406 -> "no acceptable representation";
            case 415 -> "unsupported Content-Type";
            default -> e.getMessage();
        };
        return ProblemResponses.toResponse(
                new Problem(type.uri(), type.title(), status, detail, null, null, null), request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (request != null && request.response().ended()) {
            // Answered already: Vert.x' bare 413 for a chunked body over the limit (the reader then fails with
            // "Request too large"), or the client went away. A client's doing, not a fault of ours.
            LOG.infof("request %s failed after its answer (%d) was sent: %s", request.getHeader("X-Request-Id"),
                    request.response().getStatusCode(), e.toString());
            return ProblemResponses.toResponse(ProblemType.forStatus(request.response().getStatusCode())
                    .problem("the request was refused"), request);
        }
        String requestId = request == null ? "?" : request.getHeader("X-Request-Id");
        SQLException database = databaseUnavailable(e);
        if (database != null) {
            // Not a fault of the request nor a bug: the database is down, restarting or out of connections.
            LOG.warnf("request %s: the database is unavailable (%s %s)", requestId, database.getSQLState(),
                    database.getMessage());
            return ProblemResponses.toResponse(
                    ProblemType.UNAVAILABLE.problem("the database is unavailable now; retry shortly"), request);
        }
        LOG.errorf(e, "unexpected failure of request %s", requestId);
        return ProblemResponses.toResponse(
                ProblemType.INTERNAL.problem("the request could not be completed; quote the request id"), request);
    }

    /**
     * The SQLException among the causes that says the database cannot be reached now — SQLSTATE class 08 (connection
     * exception), 53 (insufficient resources: too many connections), 57P (the server shutting down or starting up),
     * or the pool's acquisition timeout — else null.
     */
    static SQLException databaseUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"))
                        || state == null && sql.getMessage() != null
                        && sql.getMessage().contains("Acquisition timeout")) {
                    return sql;
                }
            }
        }
        return null;
    }

    /** "create.request.subjects[0].id" → "subjects[0].id"; a violated query parameter keeps its own name. */
    static String fieldName(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD
                    || (node.getKind() == ElementKind.PARAMETER && !last)) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.isInIterable() && node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(name);
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }
}
