package dev.candor.common.problem;

/** The kinds of problem Candor reports; the URI of each is {@code https://candor.dev/problems/<slug>}. */
public enum ProblemType {
    VALIDATION(400, "validation", "The request is not valid"),
    MALFORMED_REQUEST(400, "malformed-request", "The request body could not be read"),
    UNAUTHORIZED(401, "unauthorized", "Authentication is required"),
    FORBIDDEN(403, "forbidden", "Access denied"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    REQUEST_TIMEOUT(408, "request-timeout", "The request was not sent in time"),
    CONFLICT(409, "conflict", "Conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    UNPROCESSABLE(422, "unprocessable", "The request cannot be processed"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    BAD_GATEWAY(502, "bad-gateway", "An upstream service failed"),
    UNAVAILABLE(503, "unavailable", "Service unavailable"),
    GATEWAY_TIMEOUT(504, "gateway-timeout", "An upstream service did not answer in time");

    public static final String BASE_URI = "https://candor.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public String title() {
        return title;
    }

    public Problem problem(String detail) {
        return new Problem(uri(), title, status, detail, null, null, null);
    }

    /** The generic problem for an HTTP status that has no more specific type. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
