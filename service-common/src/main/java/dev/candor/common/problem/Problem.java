package dev.candor.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document. Every error any Candor service returns has this shape, with
 * {@code Content-Type: application/problem+json}.
 *
 * @param type      a URI naming the kind of problem (stable, documented in docs/problems.md)
 * @param title     a short human summary of the kind of problem
 * @param status    the HTTP status code
 * @param detail    what went wrong with this request, for a person
 * @param instance  the request path
 * @param requestId the request id, to find the request in every service's log
 * @param errors    for validation problems: each field that was wrong and why
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One wrong field: a JSON path into the request ({@code subjects[0].id}) or a parameter name. */
    public record FieldError(String field, String message) {
    }

    public Problem withContext(String instance, String requestId) {
        return new Problem(type, title, status, detail, instance, requestId, errors);
    }
}
