package io.dropwise.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.RequestFacade;
import org.apache.coyote.ActionCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request answered before its body was read (refused by security, too large, too slow) closes its connection
 * instead of letting Tomcat drain the rest of the body on the request thread: a client that sends that body one byte
 * a second would otherwise hold the thread for as long as it likes (up to {@code max-swallow-size} bytes).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class UnreadBodyFilter extends OncePerRequestFilter {

    private static final Field FACADE_REQUEST = facadeField();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (!request.isAsyncStarted()) {
                closeIfBodyUnread(request);
            }
        }
    }

    /** Tells Tomcat not to read what is left of the body: the connection is closed after the response. */
    static void closeIfBodyUnread(ServletRequest request) {
        if (FACADE_REQUEST == null || (request.getContentLengthLong() <= 0
                && !(request instanceof HttpServletRequest h && h.getHeader("Transfer-Encoding") != null))) {
            return;
        }
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        if (!(inner instanceof RequestFacade facade)) {
            return;
        }
        try {
            Request catalina = (Request) FACADE_REQUEST.get(facade);
            org.apache.coyote.Request coyote = catalina.getCoyoteRequest();
            if (!coyote.isFinished()) {
                coyote.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        } catch (IllegalAccessException | RuntimeException e) {
            // not Tomcat as we know it: Tomcat drains the body as usual, within max-swallow-size
        }
    }

    private static Field facadeField() {
        try {
            Field field = RequestFacade.class.getDeclaredField("request");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
