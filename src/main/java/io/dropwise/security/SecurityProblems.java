package io.dropwise.security;

import io.dropwise.web.ProblemTypes;
import io.dropwise.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as {@code application/problem+json}, written here because they happen in the filter chain before
 * any controller advice. The detail never repeats the key that was sent.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final String REALM = "Bearer realm=\"dropwise\"";

    private final ScopePolicy policy;

    SecurityProblems(ScopePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        boolean invalid = ex instanceof BadCredentialsException;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, invalid ? REALM + ", error=\"invalid_token\"" : REALM);
        String detail = invalid
                ? "The API key is not valid or has been revoked. Send a current key as 'Authorization: Bearer <key>'."
                : "This endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.";
        write(
                response,
                HttpStatus.UNAUTHORIZED,
                ProblemTypes.UNAUTHORIZED,
                "Missing or invalid API key",
                detail,
                request);
    }

    /** 403 with RFC 6750's {@code insufficient_scope} and the scope the route needs. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        ApiScope needed = policy.requirementFor(request).scope();
        String detail = needed == null
                ? "No API key may call " + request.getMethod() + " " + request.getRequestURI() + "."
                : "This API key lacks the '" + needed.value() + "' scope needed for " + request.getMethod() + " "
                        + request.getRequestURI() + ". Use a key with that scope.";
        response.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                REALM + ", error=\"insufficient_scope\""
                        + (needed == null ? "" : ", scope=\"" + needed.value() + "\""));
        write(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Insufficient scope", detail, request);
    }

    private static void write(
            HttpServletResponse response,
            HttpStatus status,
            URI type,
            String title,
            String detail,
            HttpServletRequest request)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Problems.beforeRefusal(request, response);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        if (isV2(request)) {
            // where Open Inference Protocol clients look for the message, as on every other V2 error
            body.put("error", detail);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JsonMapper.shared().writeValue(response.getOutputStream(), body);
    }

    /** What the firewall refuses: a 400 that names no detail of the request (it may hold a key). */
    static void rejected(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(
                response,
                HttpStatus.BAD_REQUEST,
                ProblemTypes.MALFORMED_REQUEST,
                "Malformed request",
                "The request was refused before it was read: its path or a header holds characters that are not "
                        + "allowed (control characters, encoded slashes, non-ASCII bytes in Authorization...). Send "
                        + "plain ASCII in the path and in credential headers.",
                request);
        response.flushBuffer();
    }

    static boolean isV2(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/v2") || path.startsWith("/v2/");
    }
}
