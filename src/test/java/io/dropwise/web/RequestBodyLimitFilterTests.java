package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.config.BatchProperties;
import io.dropwise.config.BundleLimitsProperties;
import io.dropwise.config.LimitsProperties;
import io.dropwise.config.RequestLimitsProperties;
import jakarta.servlet.ServletRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A body without Content-Length (chunked) is cut off while it is read, with a 413 problem, not a 500. */
class RequestBodyLimitFilterTests {

    @Test
    void aModelImportPathIsWhatThePatternOfTheRouteSays() {
        java.util.regex.Pattern route = java.util.regex.Pattern.compile("/models/[^/]+/versions/?");
        for (String path : java.util.List.of(
                "/models/m/versions",
                "/models/m/versions/",
                "/models/iris-1/versions",
                "/models//versions",
                "/models/versions",
                "/models/m/versions//",
                "/models/a/b/versions",
                "/models/m/versions/3",
                "/models/m/versions/3/predict",
                "/models/m/predict",
                "/models/m/version",
                "/models/m/versionsx",
                "/models/m/xversions",
                "/modelsx/m/versions",
                "/x/models/m/versions",
                "/models/",
                "/models",
                "/",
                "")) {
            assertThat(RequestBodyLimitFilter.isModelImportPath(path))
                    .as(path)
                    .isEqualTo(route.matcher(path).matches());
        }
    }

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(
            new LimitsProperties(1, 1, 1, 1, 1, 100, 10, 10, 1, 1, 1),
            new RequestLimitsProperties(50),
            new BundleLimitsProperties(200),
            new BatchProperties(200, 10, 1 << 20, 1 << 24, true, Duration.ofSeconds(5)));

    @Test
    void chunkedUploadPastTheLimitFailsTheReadWithA413Problem() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(chunked("/datasets", 101), response, (request, res) -> readAll(request, thrown));

        assertThat(thrown.get()).isInstanceOf(PayloadTooLargeException.class);
        PayloadTooLargeException e = (PayloadTooLargeException) thrown.get();
        assertThat(e.getStatusCode().value()).isEqualTo(413);
        assertThat(e.getBody().getDetail()).contains("100 bytes", "dropwise.limits.max-upload-bytes");
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(response.getContentAsString()).contains("https://dropwise.io/problems/payload-too-large");
    }

    @Test
    void otherRequestsHaveTheirOwnLimitAndBodiesWithinItPass() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(chunked("/jobs", 51), response, (request, res) -> readAll(request, thrown));
        assertThat(((PayloadTooLargeException) thrown.get()).getBody().getDetail())
                .contains("50 bytes", "dropwise.limits.max-request-bytes");

        thrown.set(null);
        MockHttpServletResponse ok = new MockHttpServletResponse();
        filter.doFilter(chunked("/datasets", 100), ok, (request, res) -> readAll(request, thrown));
        assertThat(thrown.get()).isNull();
        assertThat(ok.getStatus()).isEqualTo(200);
    }

    @Test
    void modelBundleImportsHaveTheBundleLimit() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        MockHttpServletResponse ok = new MockHttpServletResponse();
        filter.doFilter(chunked("/models/iris/versions", 200), ok, (request, res) -> readAll(request, thrown));
        assertThat(thrown.get()).isNull();

        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(chunked("/models/iris/versions", 201), response, (request, res) -> readAll(request, thrown));
        assertThat(((PayloadTooLargeException) thrown.get()).getBody().getDetail())
                .contains("200 bytes", "dropwise.limits.max-bundle-bytes");
        assertThat(response.getStatus()).isEqualTo(413);

        thrown.set(null);
        filter.doFilter(
                chunked("/models/iris/versions/1/predict", 51),
                new MockHttpServletResponse(),
                (request, res) -> readAll(request, thrown));
        assertThat(((PayloadTooLargeException) thrown.get()).getBody().getDetail())
                .contains("dropwise.limits.max-request-bytes");
    }

    @Test
    void batchPredictionInputHasItsOwnLargerLimit() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        MockHttpServletResponse ok = new MockHttpServletResponse();
        filter.doFilter(chunked("/batch-predictions", 200), ok, (request, res) -> readAll(request, thrown));
        assertThat(thrown.get()).isNull();
        assertThat(ok.getStatus()).isEqualTo(200);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(chunked("/batch-predictions", 201), refused, (request, res) -> readAll(request, thrown));
        assertThat(refused.getStatus()).isEqualTo(413);
        assertThat(((PayloadTooLargeException) thrown.get()).getBody().getDetail())
                .contains("200 bytes", "dropwise.batch.max-input-bytes");
    }

    private static void readAll(ServletRequest request, AtomicReference<Throwable> thrown) throws java.io.IOException {
        try {
            request.getInputStream().readAllBytes();
        } catch (RuntimeException e) {
            thrown.set(e);
            throw e;
        }
    }

    /** A request whose length is not announced, as with {@code Transfer-Encoding: chunked}. */
    private static MockHttpServletRequest chunked(String uri, int bytes) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(new byte[bytes]);
        return request;
    }
}
