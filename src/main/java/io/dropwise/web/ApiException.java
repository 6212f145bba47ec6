package io.dropwise.web;

import java.net.URI;
import java.util.Set;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A client-facing error rendered as RFC 9457 problem+json. {@code type} is a stable URI naming the kind of problem
 * ({@link ProblemTypes#of}), {@code title} a short human summary, {@code detail} what to change.
 */
public class ApiException extends ErrorResponseException {

    private static final Set<String> RESERVED = Set.of("type", "title", "status", "detail", "instance");

    public ApiException(HttpStatusCode status, String typeSlug, String title, String detail) {
        super(status, problem(status, typeSlug, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatusCode status, String typeSlug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(typeSlug));
        problem.setTitle(title);
        return problem;
    }

    /**
     * Adds a member to the problem body (e.g. {@code errors}, {@code expected}). RFC 9457's own members cannot be
     * extensions: a second {@code "status"} would reach the client beside the HTTP status.
     */
    public ApiException with(String property, Object value) {
        if (RESERVED.contains(property)) {
            throw new IllegalArgumentException("'" + property + "' is a problem+json member, not an extension");
        }
        getBody().setProperty(property, value);
        return this;
    }

    /** Adds a response header (e.g. {@code Retry-After}). */
    public ApiException header(String name, String value) {
        getHeaders().set(name, value);
        return this;
    }

    public URI type() {
        return getBody().getType();
    }
}
