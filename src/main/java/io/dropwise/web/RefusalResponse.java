package io.dropwise.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response to a request that has a body, as {@link UnreadBodyFilter} passes it on. An error answer (status 400 or
 * more) sent while most of the body is still to come is a refusal: before anything is sent, the connection is set to
 * close after it ({@link UnreadBodyFilter#closeIfBodyUnread}), and flushes are held back, so that Tomcat sends the
 * answer whole, with its {@code Content-Length}, when the request ends. Without the length the answer would be
 * delimited by the connection's end, and that end arrives as a reset (the socket is closed with the body unread): a
 * client still sending may then lose the answer.
 */
final class RefusalResponse extends HttpServletResponseWrapper {

    private final HttpServletRequest request;
    private boolean held;
    private ServletOutputStream stream;
    private PrintWriter writer;

    RefusalResponse(HttpServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = request;
    }

    /** Whether this is a refusal of a body not read yet: then nothing is sent before the answer is complete. */
    private boolean holding() {
        if (!held && getStatus() >= 400 && !isCommitted()) {
            held = UnreadBodyFilter.closeIfBodyUnread(request, this);
        }
        return held;
    }

    /** The container's own stream while the answer is not an error (a {@code /predict} answer pays nothing more). */
    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null && getStatus() < 400) {
            return super.getOutputStream();
        }
        if (stream == null) {
            stream = new HoldingStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null && getStatus() < 400) {
            return super.getWriter();
        }
        if (writer == null) {
            writer = new PrintWriter(super.getWriter()) {
                @Override
                public void flush() {
                    if (!holding()) {
                        super.flush();
                    }
                }

                @Override
                public void close() {
                    holding();
                    super.close();
                }
            };
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (!holding()) {
            super.flushBuffer();
        }
    }

    private final class HoldingStream extends ServletOutputStream {

        private final ServletOutputStream out;

        HoldingStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!holding()) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            holding();
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
