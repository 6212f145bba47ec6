package io.dropwise.prediction;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Errors on {@code /v2} stay problem+json like everywhere else, with one more member: {@code error} (the detail),
 * which is where Open Inference Protocol clients look for the message.
 */
@RestControllerAdvice
class V2ErrorMember implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && isV2(request)) {
            String detail = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
            problem.setProperty("error", detail);
        }
        return body;
    }

    private static boolean isV2(ServerHttpRequest request) {
        String path = request.getURI().getRawPath();
        return path.equals("/v2") || path.startsWith("/v2/");
    }
}
