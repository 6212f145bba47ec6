package io.dropwise.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem+json answer where no controller advice runs (filters, the error page): the same members as
 * {@link ProblemHandler}'s, and on {@code /v2} the {@code error} member Open Inference Protocol clients read.
 */
public final class Problems {

    private Problems() {}

    public static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            URI type,
            String title,
            String detail)
            throws IOException {
        beforeRefusal(request, response);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        String path = path(request);
        if (path != null) {
            body.put("instance", path);
        }
        if (isV2(path)) {
            body.put("error", detail);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JsonMapper.shared().writeValue(response.getOutputStream(), body);
    }

    /**
     * Before a refusal is written: if the request's body is not in yet, the connection will close after the answer
     * (said in the answer) instead of Tomcat draining the body on the request thread.
     */
    public static void beforeRefusal(HttpServletRequest request, HttpServletResponse response) {
        UnreadBodyFilter.closeIfBodyUnread(request, response);
    }

    /** The path of the request, or of the original request on an error dispatch. */
    static String path(HttpServletRequest request) {
        Object original = request.getAttribute("jakarta.servlet.error.request_uri");
        return original != null ? original.toString() : request.getRequestURI();
    }

    static boolean isV2(String path) {
        return path != null && (path.equals("/v2") || path.startsWith("/v2/"));
    }
}
