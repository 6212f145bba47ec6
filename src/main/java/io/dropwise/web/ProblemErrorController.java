package io.dropwise.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page: whatever the container or a filter refused with {@code sendError} (a malformed request, a header
 * or URL too long, a firewall rejection, an exception outside Spring MVC) is answered with problem+json like every
 * other error, never Spring's or Tomcat's default page. Nothing of the failure is repeated to the client.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private static final Map<Integer, String> DETAILS = Map.of(
            400,
                    "The request is malformed (its request line, a header, its path or its encoding). Fix it and send it "
                            + "again.",
            404, "There is nothing at this path. The API is described at /v3/api-docs.",
            405, "This path does not take this method. The API is described at /v3/api-docs.",
            408, "The request did not arrive in time. Send it whole, at once.",
            413, "The request is larger than the server accepts. Send less.",
            414, "The URL is longer than the server accepts. Send parameters in the body.",
            431, "The request headers are larger than the server accepts. Send fewer or shorter headers.",
            503, "The service cannot take this request now. Retry later.");

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : response.getStatus());
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        String detail = status.is5xxServerError() && status != HttpStatus.SERVICE_UNAVAILABLE
                ? "The server could not complete the request. It has been logged."
                : DETAILS.getOrDefault(status.value(), status.getReasonPhrase() + ".");
        Problems.write(request, response, status, type(status), status.getReasonPhrase(), detail);
    }

    private static URI type(HttpStatus status) {
        return switch (status.value()) {
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 408 -> ProblemTypes.REQUEST_TIMEOUT;
            case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
            case 414 -> ProblemTypes.of("uri-too-long");
            case 431 -> ProblemTypes.of("headers-too-large");
            default -> status.is5xxServerError() ? ProblemTypes.INTERNAL : ProblemTypes.MALFORMED_REQUEST;
        };
    }
}
