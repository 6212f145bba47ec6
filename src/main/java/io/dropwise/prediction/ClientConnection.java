package io.dropwise.prediction;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Whether the client of the current request has gone. The Servlet API has no such notification, and Tomcat watches
 * a connection only while it reads the request or waits for the next one (not while a request, synchronous or
 * async, is being worked on), so a request that computes for long would never hear of it. {@link Probe}, a Tomcat
 * valve, gives each request a check that drains what is left of the body and then asks the connector for a
 * non-blocking read: bytes or an end of stream once the body is read mean the client closed (or pipelined another
 * request, which no HTTP client does after a POST). Off Tomcat the check says "still there".
 */
final class ClientConnection {

    static final String ATTRIBUTE = ClientConnection.class.getName();

    private static final BooleanSupplier UNKNOWN = () -> false;

    private ClientConnection() {}

    /** The check for the request this thread serves; call it only from that thread. */
    static BooleanSupplier current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object check = attributes == null ? null : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return check instanceof BooleanSupplier supplier ? supplier : UNKNOWN;
    }

    /** Puts the check on every request. */
    static final class Probe extends ValveBase {

        Probe() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(ATTRIBUTE, new Check(request));
            getNext().invoke(request, response);
        }
    }

    private static final class Check implements BooleanSupplier {
        private final Request request;
        private boolean drained;
        private boolean gone;

        Check(Request request) {
            this.request = request;
        }

        @Override
        public boolean getAsBoolean() {
            if (gone) {
                return true;
            }
            if (!drained) {
                drained = true;
                drain();
            }
            org.apache.coyote.Request coyote = request.getCoyoteRequest();
            coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
            gone = coyote.getAvailable() > 0;
            return gone;
        }

        /** The parser may have stopped at the end of the JSON value; unread body bytes are not the client's news. */
        private void drain() {
            try {
                ServletInputStream body = request.getInputStream();
                byte[] skip = new byte[8192];
                while (body.read(skip) >= 0) {
                    // discard
                }
            } catch (IOException | IllegalStateException e) {
                // closed by the reader after the whole body (Jackson reads to the end to refuse trailing tokens)
            }
        }
    }
}
