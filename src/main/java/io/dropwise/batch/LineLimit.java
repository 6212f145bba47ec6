package io.dropwise.batch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A batch CSV's input, counting the bytes of each line (a CR, a LF or a CRLF ends one, as the CSV reader reads them;
 * inside a quoted field too): {@link LineTooLong} once one is longer than the limit. {@link BatchCsv}'s slow path
 * reads through it; its fast path checks its lines itself.
 */
final class LineLimit extends FilterInputStream {

    /** A line longer than the limit: the 1-based line on which it starts, and the limit. */
    static final class LineTooLong extends RuntimeException {
        final int line;
        final int limit;

        LineTooLong(int line, int limit) {
            super("Line " + line + " is longer than " + limit + " bytes, the longest line one batch takes"
                    + " (dropwise.batch.max-line-bytes). A row needs a few bytes per column: do the lines end in LF,"
                    + " CRLF or CR?");
            this.line = line;
            this.limit = limit;
        }
    }

    private final int max;
    private int line; // the 1-based line of the next byte
    private int run; // bytes of that line so far
    private boolean afterCr;

    LineLimit(InputStream in, int max, int linesBefore) {
        super(in);
        this.max = max;
        this.line = linesBefore + 1;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        for (int i = 0; i < n; i++) {
            count(b[off + i]);
        }
        return n;
    }

    private void count(byte b) {
        if (b == '\n' || b == '\r') {
            if (b == '\r' || !afterCr) {
                line++;
            }
            run = 0;
            afterCr = b == '\r';
            return;
        }
        afterCr = false;
        if (++run > max) {
            throw new LineTooLong(line, max);
        }
    }
}
