package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** {@link BufferedBodyRequest#received}: the prefetched body itself, through any wrappers, and nothing else. */
class BufferedBodyRequestTests {

    @Test
    void receivedIsThePrefetchedBodyThroughWrappers() throws Exception {
        byte[] body = "{\"instances\":[[1,2]]}".getBytes(StandardCharsets.UTF_8);
        BufferedBodyRequest buffered = new BufferedBodyRequest(new MockHttpServletRequest("POST", "/x"));
        buffered.body(body);
        HttpServletRequestWrapper outer = new HttpServletRequestWrapper(new HttpServletRequestWrapper(buffered));

        assertThat(BufferedBodyRequest.received(buffered)).isSameAs(body);
        assertThat(BufferedBodyRequest.received(outer)).isSameAs(body);
        assertThat(outer.getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(outer.getContentLengthLong()).isEqualTo(body.length);
    }

    @Test
    void nothingWithoutAPrefetchedBody() {
        MockHttpServletRequest plain = new MockHttpServletRequest("POST", "/x");
        plain.setContent(new byte[] {1, 2, 3});
        assertThat(BufferedBodyRequest.received(plain)).isNull();
        assertThat(BufferedBodyRequest.received(new HttpServletRequestWrapper(plain)))
                .isNull();
        // a request that went asynchronous: wrapped, but its body not received yet
        assertThat(BufferedBodyRequest.received(new BufferedBodyRequest(plain))).isNull();
    }
}
