package dev.candor.common.problem;

import java.util.List;

/**
 * Thrown by domain and API code to answer with a problem document. The message is the problem's detail, so it must
 * be safe to show to the caller.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public ProblemType type() {
        return type;
    }

    public Problem problem() {
        return new Problem(type.uri(), type.title(), type.status(), getMessage(), null, null, errors);
    }

    public static ProblemException validation(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    /** The one answer for "absent" and "not yours": it must not reveal whether the thing exists. */
    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(ProblemType.UNPROCESSABLE, detail);
    }
}
