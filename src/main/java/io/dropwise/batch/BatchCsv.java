package io.dropwise.batch;

import io.dropwise.dataset.CsvReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A batch's CSV records, read from bytes without a {@code String} per field in the common case: a line of printable
 * ASCII without a double quote, ending in LF or CRLF (or the end of the input), is split at its commas and each field's
 * spaces around it are trimmed, which is what {@link CsvReader} gives for such a line. Its fields are read as byte
 * ranges: a number straight from the bytes ({@link #number}), text only where it is needed ({@link #field}). The
 * first line that is anything else (a quote, a CR, a tab, a blank line, a non-ASCII byte, a byte order mark) hands
 * that line and the rest of the input to {@link CsvReader}, with the line numbers carried on, so every other input
 * reads exactly as before, errors included.
 */
final class BatchCsv {

    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean eof;
    private int lines; // lines read by the fast path
    private int recordLine;

    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;

    private CsvReader slow;
    private String[] record; // the current record when read by the slow path

    BatchCsv(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next record; false at the end of the input.
     *
     * @throws io.dropwise.dataset.InvalidDatasetException from {@link CsvReader}, for a broken quoted field
     */
    boolean next() throws IOException {
        if (slow == null && fast()) {
            return true;
        }
        if (slow == null) {
            return false;
        }
        record = slow.next();
        if (record == null) {
            return false;
        }
        count = record.length;
        recordLine = slow.recordLine();
        return true;
    }

    /** The 1-based line on which the current record starts. */
    int recordLine() {
        return recordLine;
    }

    int fields() {
        return count;
    }

    String field(int i) {
        if (record != null) {
            return record[i];
        }
        return new String(buffer, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
    }

    /** Every field of the current record. */
    String[] strings() {
        if (record != null) {
            return record;
        }
        String[] all = new String[count];
        for (int i = 0; i < count; i++) {
            all[i] = field(i);
        }
        return all;
    }

    /** Field {@code i} as {@link RowEncoder#parse(String)} reads its text: NaN when it is not a plain decimal. */
    double number(int i) {
        return record != null ? RowEncoder.parse(record[i]) : RowEncoder.parse(buffer, starts[i], ends[i]);
    }

    /** The next line by the fast path; false at the end of the input or when the slow path takes over. */
    private boolean fast() throws IOException {
        int end;
        while ((end = lineEnd()) < 0) {
            if (eof) {
                if (position == limit) {
                    return false;
                }
                end = limit;
                break;
            }
            fill();
        }
        int to = end > position && buffer[end - 1] == '\r' ? end - 1 : end; // CRLF
        if (!split(position, to)) {
            handOver();
            return false;
        }
        position = Math.min(limit, end + 1);
        recordLine = ++lines;
        return true;
    }

    private int lineEnd() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Splits {@code [from, to)} into trimmed fields; false if the line is not of the simple form. */
    private boolean split(int from, int to) {
        count = 0;
        int start = from;
        boolean blank = true;
        for (int i = from; i <= to; i++) {
            byte b = i < to ? buffer[i] : (byte) ',';
            if (b == ',') {
                addField(start, i);
                start = i + 1;
            } else if (b < ' ' || b == '"' || b == 0x7f) { // a negative byte is not ASCII
                return false;
            } else if (b != ' ') {
                blank = false;
            }
        }
        return !blank || count > 1;
    }

    private void addField(int from, int to) {
        while (from < to && buffer[from] == ' ') {
            from++;
        }
        while (to > from && buffer[to - 1] == ' ') {
            to--;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = from;
        ends[count] = to;
        count++;
    }

    /** Reads more bytes after the unread ones, growing the buffer when a line fills it. */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** The current line and the rest go to {@link CsvReader}, which counts the lines read here. */
    private void handOver() {
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buffer, position, limit - position), in);
        slow = new CsvReader(new InputStreamReader(rest, StandardCharsets.UTF_8), lines);
        buffer = null;
    }
}
