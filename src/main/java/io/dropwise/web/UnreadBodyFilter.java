package io.dropwise.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.RequestFacade;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.coyote.ActionCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request answered before its body was read (refused by security, too large, too slow) closes its connection
 * instead of letting Tomcat drain the rest of the body on the request thread: a client that sends that body one byte
 * a second would otherwise hold the thread for as long as it likes (up to {@code max-swallow-size} bytes). Such an
 * answer is sent whole, with its length ({@link RefusalResponse}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class UnreadBodyFilter extends OncePerRequestFilter {

    private static final Field FACADE_REQUEST = field(RequestFacade.class);
    private static final Field FACADE_RESPONSE = field(ResponseFacade.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, hasBody(request) ? new RefusalResponse(request, response) : response);
        } finally {
            if (!request.isAsyncStarted()) {
                closeIfBodyUnread(request, response);
            }
        }
    }

    /** Whether the request comes from Tomcat's connector (not, e.g., a MockMvc test). */
    static boolean isTomcat(ServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        return inner instanceof RequestFacade;
    }

    /**
     * Tells Tomcat not to read what is left of the body: the connection is closed after the response. True when it
     * did (Tomcat then counts the exchange as an error).
     */
    static boolean closeIfBodyUnread(ServletRequest request, ServletResponse response) {
        if (FACADE_REQUEST == null || !hasBody(request)) {
            return false;
        }
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        if (!(inner instanceof RequestFacade facade)) {
            return false;
        }
        try {
            Request catalina = (Request) FACADE_REQUEST.get(facade);
            org.apache.coyote.Request coyote = catalina.getCoyoteRequest();
            if (!coyote.isFinished() && !restArrived(request, coyote)) {
                if (!response.isCommitted() && response instanceof HttpServletResponse http) {
                    // said before closing, so that the client sends its next request on a new connection
                    http.setHeader("Connection", "close");
                }
                coyote.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
                markReported(response);
                return true;
            }
        } catch (IllegalAccessException | RuntimeException e) {
            // not Tomcat as we know it: Tomcat drains the body as usual, within max-swallow-size
        }
        return false;
    }

    private static boolean hasBody(ServletRequest request) {
        return request.getContentLengthLong() > 0
                || (request instanceof HttpServletRequest http && http.getHeader("Transfer-Encoding") != null);
    }

    /** Whether the unread rest of a body is in already (then Tomcat drains it at once: the connection can stay). */
    private static boolean restArrived(ServletRequest request, org.apache.coyote.Request coyote) {
        long length = request.getContentLengthLong();
        if (length <= 0) {
            return false;
        }
        try {
            return request.getInputStream().available() >= length - coyote.getBytesRead();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** The response already says everything: no error page on top of it (it would cut the response short). */
    private static void markReported(ServletResponse response) {
        ServletResponse inner = response;
        while (inner instanceof ServletResponseWrapper wrapper) {
            inner = wrapper.getResponse();
        }
        if (FACADE_RESPONSE != null && inner instanceof ResponseFacade facade) {
            try {
                ((Response) FACADE_RESPONSE.get(facade)).setErrorReported();
            } catch (IllegalAccessException | RuntimeException e) {
                // Tomcat adds its error page processing as usual
            }
        }
    }

    private static Field field(Class<?> facade) {
        try {
            Field field = facade.getDeclaredField(facade == RequestFacade.class ? "request" : "response");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
