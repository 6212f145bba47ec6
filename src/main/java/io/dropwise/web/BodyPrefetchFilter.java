package io.dropwise.web;

import io.dropwise.config.ConnectionProperties;
import io.dropwise.config.RequestLimitsProperties;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Receives a request body without holding a request thread: the request goes asynchronous, the body is read with
 * non-blocking reads as it arrives, and only the whole body is dispatched to the application. A client that sends a
 * body one byte at a time therefore costs a connection and a buffer, never a thread, and is answered 408 once its body
 * is late ({@code dropwise.server.body-read-timeout} plus its size at {@code min-body-rate}). Runs after Spring
 * Security, so only authorized requests are buffered. Multipart, dataset and batch-prediction uploads and model bundle imports stream as before (they may be far
 * larger); so does a body that would not fit the memory budget. A body that arrived whole with its headers (every
 * small JSON request from a normal client, e.g. a {@code /predict} call) is taken from the container's buffer at once
 * and the request goes on on its own thread: no asynchronous round trip on the hot path.
 */
@Component
@Order(BodyPrefetchFilter.ORDER)
@EnableConfigurationProperties({ConnectionProperties.class, RequestLimitsProperties.class})
class BodyPrefetchFilter extends OncePerRequestFilter {

    /** After Spring Security's filter chain (order -100). */
    static final int ORDER = -90;

    /** Bodies up to this size are taken at once when they arrived with the headers (larger ones never do). */
    private static final int ARRIVED_MAX_BYTES = 64 * 1024;

    private final ConnectionProperties connection;
    private final RequestLimitsProperties limits;
    private final AtomicLong budget;

    BodyPrefetchFilter(ConnectionProperties connection, RequestLimitsProperties limits) {
        this.connection = connection;
        this.limits = limits;
        this.budget = new AtomicLong(connection.prefetchBudget().toBytes());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        // multipart and form bodies are parsed by the container from its own stream, not from the buffered one
        boolean upload = type.startsWith("multipart/")
                || type.startsWith("application/x-www-form-urlencoded")
                || request.getRequestURI().startsWith(request.getContextPath() + "/datasets")
                || RequestBodyLimitFilter.isModelImport(request)
                || request.getRequestURI().equals(request.getContextPath() + "/batch-predictions");
        boolean container = request.isAsyncSupported() && UnreadBodyFilter.isTomcat(request);
        if ((declared <= 0 && !chunked) || upload || !container) {
            chain.doFilter(request, response);
            return;
        }
        byte[] arrived = new byte[0];
        if (declared > 0 && declared <= ARRIVED_MAX_BYTES && declared <= limits.maxRequestBytes()) {
            arrived = readArrived(request.getInputStream(), (int) declared);
            if (arrived.length == declared) {
                BufferedBodyRequest whole = new BufferedBodyRequest(request);
                whole.body(arrived);
                chain.doFilter(whole, response);
                return;
            }
        }
        long reserved = declared > 0 ? declared : limits.maxRequestBytes();
        if (budget.addAndGet(-reserved) < 0) {
            budget.addAndGet(reserved);
            chain.doFilter(request, response);
            return;
        }
        BufferedBodyRequest buffered = new BufferedBodyRequest(request);
        AsyncContext async = request.startAsync(buffered, response);
        async.setTimeout(connection.bodyDeadline(reserved).toMillis());
        Prefetch prefetch = new Prefetch(async, request, response, buffered, reserved);
        prefetch.body.write(arrived, 0, arrived.length);
        async.addListener(prefetch);
        request.getInputStream().setReadListener(prefetch);
    }

    /**
     * The bytes of the body that are already in the container's buffer, read without waiting for the network: while
     * {@code available()} is positive a blocking read returns buffered bytes at once (Tomcat answers it from what it
     * has read with the headers, never from the socket).
     */
    private static byte[] readArrived(ServletInputStream in, int declared) throws IOException {
        byte[] bytes = new byte[declared];
        int total = 0;
        while (total < declared && in.available() > 0) {
            int n = in.read(bytes, total, declared - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total == declared ? bytes : java.util.Arrays.copyOf(bytes, total);
    }

    /** Reads the body as it arrives; dispatches once it is all there, refuses it when it is too large or too late. */
    private final class Prefetch implements ReadListener, AsyncListener {

        private final AsyncContext async;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final BufferedBodyRequest buffered;
        private final long reserved;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[8192];
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean answered = new AtomicBoolean();

        Prefetch(
                AsyncContext async,
                HttpServletRequest request,
                HttpServletResponse response,
                BufferedBodyRequest buffered,
                long reserved) {
            this.async = async;
            this.request = request;
            this.response = response;
            this.buffered = buffered;
            this.reserved = reserved;
        }

        @Override
        public void onDataAvailable() throws IOException {
            ServletInputStream in = request.getInputStream();
            try {
                while (in.isReady() && !in.isFinished()) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        break;
                    }
                    body.write(chunk, 0, n);
                }
            } catch (PayloadTooLargeException e) {
                refuse(
                        HttpStatus.PAYLOAD_TOO_LARGE,
                        ProblemTypes.PAYLOAD_TOO_LARGE,
                        "Payload too large",
                        e.getBody().getDetail());
            }
        }

        @Override
        public void onAllDataRead() {
            if (answered.compareAndSet(false, true)) {
                buffered.body(body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof java.net.SocketTimeoutException) {
                    refuse(
                            HttpStatus.REQUEST_TIMEOUT,
                            ProblemTypes.REQUEST_TIMEOUT,
                            "Request body too slow",
                            "Nothing of the request body arrived for longer than the connection timeout "
                                    + "(server.tomcat.connection-timeout). Send the body at once.");
                    return;
                }
            }
            refuse(
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.MALFORMED_REQUEST,
                    "Malformed request",
                    "The request body could not be read: the connection failed or the body is malformed.");
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            refuse(
                    HttpStatus.REQUEST_TIMEOUT,
                    ProblemTypes.REQUEST_TIMEOUT,
                    "Request body too slow",
                    "The request body did not arrive in time: " + body.size() + " bytes in "
                            + connection.bodyDeadline(reserved).toSeconds() + " s (dropwise.server.body-read-timeout "
                            + "plus the body's size at dropwise.server.min-body-rate). Send the body at once.");
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a later startAsync (e.g. by an event stream) keeps this listener: nothing to do
        }

        private void refuse(HttpStatus status, java.net.URI type, String title, String detail) {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            try {
                if (!response.isCommitted()) {
                    response.reset();
                    Problems.write(request, response, status, type, title, detail);
                }
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            } finally {
                release();
                UnreadBodyFilter.closeIfBodyUnread(request, response);
                async.complete();
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                budget.addAndGet(reserved);
            }
        }
    }
}
