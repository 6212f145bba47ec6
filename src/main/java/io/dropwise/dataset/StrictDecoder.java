package io.dropwise.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes to text and refuses bytes that are not valid in the charset, naming the offset of the first bad
 * byte. {@link java.io.InputStreamReader} cannot: it reports a coding error without its position, and counting the
 * bytes it has read names the end of its buffer instead.
 */
final class StrictDecoder extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    /** Bytes of the stream before {@code bytes.position()}. */
    private long offset;

    private boolean endOfInput;
    private boolean flushed;

    StrictDecoder(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buffer, int off, int len) throws IOException {
        if (flushed) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, off, len);
        while (true) {
            int before = bytes.position();
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            offset += bytes.position() - before;
            if (result.isError()) {
                throw invalid(result.length());
            }
            if (out.position() > off) {
                return out.position() - off;
            }
            if (endOfInput) {
                flushed = true;
                decoder.flush(out);
                return out.position() > off ? out.position() - off : -1;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private InvalidDatasetException invalid(int length) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(length, 4) && bytes.position() + i < bytes.limit(); i++) {
            shown.append(i == 0 ? "0x" : " 0x").append(String.format("%02X", bytes.get(bytes.position() + i)));
        }
        String charset = decoder.charset().name();
        return InvalidDatasetException.csv("The body is not valid " + charset + " text: at byte offset " + offset
                + " (" + shown + "), counting from 0, no " + charset + " character starts. Save the CSV as UTF-8, or"
                + " name its charset in the Content-Type.");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
