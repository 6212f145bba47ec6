package io.dropwise.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers (a request line or headers too long, a malformed request refused before any
 * application code) as problem+json instead of Tomcat's HTML page. Installed on the host by {@link TomcatConfig}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String title = status == null ? "Error" : status.getReasonPhrase();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                (code == 400
                                ? ProblemTypes.MALFORMED_REQUEST
                                : code >= 500 ? ProblemTypes.INTERNAL : ProblemTypes.of("http-" + code))
                        .toString());
        body.put("title", title);
        body.put("status", code);
        body.put(
                "detail",
                code == 400
                        ? "The request is malformed, or its request line or headers are longer than the server accepts "
                                + "(server.max-http-request-header-size). Send a shorter, well-formed request."
                        : code >= 500 ? "The server could not complete the request." : title + ".");
        String uri = request.getDecodedRequestURI();
        if (uri != null && (uri.equals("/v2") || uri.startsWith("/v2/"))) {
            body.put("error", body.get("detail"));
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            JsonMapper.shared().writeValue(response.getOutputStream(), body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was already taken: nothing more to say
        }
    }
}
