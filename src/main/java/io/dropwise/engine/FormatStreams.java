package io.dropwise.engine;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/** The streams under {@link BinaryFormat}: checksumming on the way, bounded to the stored length. */
final class FormatStreams {

    private FormatStreams() {}

    /** Counts and checksums what passes to the sink; never closes it. */
    static final class Counting extends FilterOutputStream {

        private final CRC32 crc;
        long count;

        Counting(OutputStream out, CRC32 crc) {
            super(out);
            this.crc = crc;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Reads at most {@code limit} bytes of the source (the part the CRC covers), checksumming them. */
    static final class Bounded extends FilterInputStream {

        private final CRC32 crc;
        private long left;
        private Exception failure;

        Bounded(InputStream in, long limit, CRC32 crc) {
            super(in);
            this.left = limit;
            this.crc = crc;
        }

        /** A failure of the source itself (I/O, the database) is passed on as it is, never as bad data. */
        void rethrowSourceFailure() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
        }

        private int source(byte[] b, int off, int len) throws IOException {
            try {
                return b == null ? in.read() : in.read(b, off, len);
            } catch (EOFException e) {
                return -1;
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = source(null, 0, 0);
            if (b >= 0) {
                crc.update(b);
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = source(b, off, (int) Math.min(len, left));
            if (n > 0) {
                crc.update(b, off, n);
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // read, not skip: every byte goes through the checksum
            byte[] scratch = new byte[(int) Math.min(BinaryFormat.SLICE, Math.max(1, n))];
            int read = read(scratch, 0, (int) Math.min(scratch.length, n));
            return Math.max(0, read);
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // the caller owns the source
        }
    }

    /** The payload reader: knows how many bytes are left, so no array can be longer than what remains. */
    static final class Input extends DataInputStream {

        private final Bounded bounded;

        Input(Bounded bounded) {
            super(bounded);
            this.bounded = bounded;
        }

        /** Bytes of the payload not read yet. */
        long remaining() {
            return bounded.left;
        }
    }
}
