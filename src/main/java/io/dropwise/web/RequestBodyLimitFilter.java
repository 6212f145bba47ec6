package io.dropwise.web;

import io.dropwise.config.BatchProperties;
import io.dropwise.config.BundleLimitsProperties;
import io.dropwise.config.LimitsProperties;
import io.dropwise.config.RequestLimitsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses oversize request bodies with 413 problem+json: at once when {@code Content-Length} says so, and while
 * reading a chunked body as soon as it passes the limit. Dataset uploads get {@code max-upload-bytes}, model bundle
 * imports {@code max-bundle-bytes}, a batch prediction's input ({@code POST /batch-predictions}) its own, much larger
 * {@code dropwise.batch.max-input-bytes}, every other request {@code max-request-bytes}. Nothing has been parsed or
 * stored when this answers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
// @WebMvcTest slices include filters but not @ConfigurationPropertiesScan's beans: bind the limits here too
@EnableConfigurationProperties({
    LimitsProperties.class,
    RequestLimitsProperties.class,
    BundleLimitsProperties.class,
    BatchProperties.class
})
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final LimitsProperties limits;
    private final RequestLimitsProperties requestLimits;
    private final BundleLimitsProperties bundleLimits;
    private final BatchProperties batch;

    RequestBodyLimitFilter(
            LimitsProperties limits,
            RequestLimitsProperties requestLimits,
            BundleLimitsProperties bundleLimits,
            BatchProperties batch) {
        this.limits = limits;
        this.requestLimits = requestLimits;
        this.bundleLimits = bundleLimits;
        this.batch = batch;
    }

    /** {@code POST /models/{name}/versions}: a model bundle, streamed like a dataset upload. */
    static boolean isModelImport(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && isModelImportPath(request.getRequestURI()
                        .substring(request.getContextPath().length()));
    }

    /** {@code /models/<name>/versions} or {@code .../versions/}, the name not empty and without '/' (no regex: per request). */
    static boolean isModelImportPath(String path) {
        String prefix = "/models/";
        String suffix = path.endsWith("/") ? "/versions/" : "/versions";
        int nameEnd = path.length() - suffix.length();
        return path.startsWith(prefix)
                && path.endsWith(suffix)
                && nameEnd > prefix.length()
                && path.indexOf('/', prefix.length()) == nameEnd;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean upload = request.getRequestURI().startsWith(request.getContextPath() + "/datasets");
        boolean bundle = !upload && isModelImport(request);
        long limit = upload
                ? limits.maxUploadBytes()
                : bundle ? bundleLimits.maxBundleBytes() : requestLimits.maxRequestBytes();
        String setting = upload
                ? "dropwise.limits.max-upload-bytes"
                : bundle ? "dropwise.limits.max-bundle-bytes" : "dropwise.limits.max-request-bytes";
        if ("POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + "/batch-predictions")) {
            limit = batch.maxInputBytes();
            setting = "dropwise.batch.max-input-bytes";
        }
        if (request.getContentLengthLong() > limit) {
            tooLarge(request, response, limit, setting);
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, limit, setting);
        try {
            chain.doFilter(limited, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!limited.exceeded()) {
                throw e;
            }
        }
        if (limited.exceeded() && !response.isCommitted()) {
            response.reset();
            tooLarge(request, response, limit, setting);
        }
    }

    private static void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit, String setting)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.PAYLOAD_TOO_LARGE.toString());
        body.put("title", "Payload too large");
        body.put("status", 413);
        body.put("detail", "The request body is larger than " + limit + " bytes (" + setting + "). Send less.");
        body.put("instance", request.getRequestURI());
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        // the rest of the body is not read: let the client know the connection will not be reused
        response.setHeader("Connection", "close");
        JsonMapper.shared().writeValue(response.getOutputStream(), body);
    }

    /** A request whose body stream fails once more than {@code limit} bytes have been read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final String setting;
        private ServletInputStream stream;
        private long read;
        private boolean exceeded;

        LimitedRequest(HttpServletRequest request, long limit, String setting) {
            super(request);
            this.limit = limit;
            this.setting = setting;
        }

        boolean exceeded() {
            return exceeded;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    getInputStream(), encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream());
            }
            return stream;
        }

        private final class Counting extends ServletInputStream {

            private final ServletInputStream in;

            Counting(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) throws IOException {
                read += n;
                if (read > limit) {
                    exceeded = true;
                    // unchecked, so that parsers pass it on and the ProblemHandler answers 413: an IOException
                    // became a 500 whose committed response this filter could no longer replace
                    throw new PayloadTooLargeException(limit, setting);
                }
            }

            @Override
            public int available() throws IOException {
                return in.available();
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}
