package io.dropwise.batch;

import io.dropwise.dataset.CsvReader;
import io.dropwise.prediction.AsciiDigits;
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
 * spaces around it are trimmed, which is what {@link CsvReader} gives for such a line. Its fields are byte ranges,
 * and a field that is a plain decimal has its value read in the same pass that finds the commas and the line end
 * ({@link #number}; a field of 1 to 7 digits followed by its comma, the usual pixel or count, eight bytes at once);
 * text is made only where it is needed ({@link #field}). The
 * first line that is anything else (a quote, a CR, a tab, a blank line, a non-ASCII byte, a byte order mark) hands
 * that line and the rest of the input to {@link CsvReader}, with the line numbers carried on, so every other input
 * reads exactly as before, errors included.
 * No line may be longer than {@code maxLineBytes} ({@link LineLimit.LineTooLong}), on either path: the buffer holds a
 * whole line, so this bounds the memory an upload takes.
 */
final class BatchCsv {

    private static final int MORE = -1;
    private static final int NOT_SIMPLE = -2;

    private final InputStream in;
    private final int maxLineBytes;
    private final int maxFieldChars; // the slow path's, for a quoted field over many lines
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private int searched; // the current line, split before to here, has no line end before it
    private boolean eof;
    private int lines; // lines read by the fast path
    private int recordLine;

    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private double[] values = new double[64]; // each field's number, NaN if it is not a plain decimal
    private int count;

    private CsvReader slow;
    private String[] record; // the current record when read by the slow path

    BatchCsv(InputStream in, int maxLineBytes, int maxFieldChars) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.maxFieldChars = maxFieldChars;
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
        return record != null
                ? record[i]
                : new String(buffer, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
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
        return record != null ? RowEncoder.parse(record[i]) : values[i];
    }

    /** The next line by the fast path; false at the end of the input or when the slow path takes over. */
    private boolean fast() throws IOException {
        int end;
        while ((end = scan()) == MORE) {
            if (eof) {
                if (position == limit) {
                    return false;
                }
                int to = buffer[limit - 1] == '\r' ? limit - 1 : limit; // the last line, without a line end
                if (split(position, to) != to || blank()) {
                    handOver();
                    return false;
                }
                position = limit;
                recordLine = ++lines;
                return true;
            }
            fill();
        }
        if (end == NOT_SIMPLE) {
            handOver();
            return false;
        }
        position = end + 1;
        recordLine = ++lines;
        return true;
    }

    /**
     * Splits the line at {@link #position} into its fields and their numbers in one pass: the index of its LF,
     * {@link #MORE} when the buffer ends before it, {@link #NOT_SIMPLE} when it is not of the simple form. Split to the
     * buffer's end without its line end, a line is split again only once that has come (its new bytes searched once).
     */
    private int scan() {
        int i = searched > position && lineEnd() < 0 ? limit : split(position, limit);
        if (i - position > maxLineBytes) {
            throw new LineLimit.LineTooLong(lines + 1, maxLineBytes);
        }
        if (i == limit || buffer[i] == '\r' && i + 1 == limit) {
            searched = i; // a CR at the end is looked at again: is a LF next?
            return MORE;
        }
        if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
            i++; // CRLF
        }
        return buffer[i] != '\n' || blank() ? NOT_SIMPLE : i;
    }

    /** The first CR or LF from {@link #searched} on (moving {@code searched} there), or -1 (moving it to the end). */
    private int lineEnd() {
        byte[] a = buffer;
        for (int i = searched; i < limit; i++) {
            if (a[i] == '\n' || a[i] == '\r') {
                searched = i;
                return i;
            }
        }
        searched = limit;
        return -1;
    }

    /** True when the line just split is blank (spaces only), which {@link CsvReader} skips. */
    private boolean blank() {
        return count == 1 && starts[0] == ends[0];
    }

    /**
     * Splits {@code [from, to)} at its commas until a line end (LF or CR) or a byte no simple line has; that byte's
     * index, or {@code to}. Each field is trimmed of spaces and, when its text is a plain decimal, its value read on
     * the way, by {@link RowEncoder#parse(String)}'s rules.
     */
    private int split(int from, int to) {
        byte[] a = buffer;
        count = 0;
        int start = from;
        long mantissa = 0;
        int digits = 0;
        int point = 0; // 1 after the decimal point
        int fraction = 0;
        int marks = 0; // signs and points: a plain decimal has at most one of each, a sign first
        boolean other = false;
        int i = from;
        for (; i < to; i++) {
            if (i == start && i + 8 <= to) { // a field's first byte: a whole small integer and its comma at once?
                long word = AsciiDigits.word(a, i);
                int n = AsciiDigits.leadingDigits(word);
                if (n < 8 && n > 0 && (word >>> (n << 3) & 0xFF) == ',') {
                    if (count == starts.length) {
                        grow();
                    }
                    starts[count] = i;
                    ends[count] = i + n;
                    values[count] = AsciiDigits.leadingValue(word, n); // < 10^7: exact
                    count++;
                    start = i + n + 1;
                    i = start - 1;
                    continue;
                }
            }
            int d = a[i] - '0';
            if (d >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                digits++;
                fraction += point;
                continue;
            }
            byte b = a[i];
            if (b == ',') {
                addField(start, i, mantissa, digits, fraction, marks, other);
                start = i + 1;
                mantissa = 0;
                digits = 0;
                point = 0;
                fraction = 0;
                marks = 0;
                other = false;
            } else if (b == '.') {
                other |= point != 0;
                point = 1;
                marks++;
            } else if (b == '-' || b == '+') {
                other |= digits != 0 || marks != 0;
                marks++;
            } else if (b < ' ' || b == '"' || b == 0x7f) { // a line end, or a line that is not simple
                break;
            } else if (b != ' ') {
                other = true;
            }
        }
        addField(start, i, mantissa, digits, fraction, marks, other);
        return i;
    }

    /**
     * The field {@code [from, to)} trimmed of spaces, with its value: NaN unless its text is a plain decimal of at most
     * 15 digits (no other character, no space inside, at most one sign, first, and one point).
     */
    private void addField(int from, int to, long mantissa, int digits, int fraction, int marks, boolean other) {
        byte[] a = buffer;
        while (from < to && a[from] == ' ') {
            from++;
        }
        while (to > from && a[to - 1] == ' ') {
            to--;
        }
        if (count == starts.length) {
            grow();
        }
        starts[count] = from;
        ends[count] = to;
        values[count] = other || digits == 0 || digits > RowEncoder.MAX_DIGITS || to - from != digits + marks
                ? Double.NaN
                : RowEncoder.value(a[from] == '-', mantissa, digits, fraction);
        count++;
    }

    private void grow() {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
        values = Arrays.copyOf(values, count * 2);
    }

    /** Reads more bytes after the unread ones, growing the buffer when a line fills it. */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            searched = Math.max(0, searched - position);
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
        InputStream rest = new LineLimit(
                new SequenceInputStream(new ByteArrayInputStream(buffer, position, limit - position), in),
                maxLineBytes,
                lines);
        slow = new CsvReader(new InputStreamReader(rest, StandardCharsets.UTF_8), lines, maxFieldChars);
        buffer = null;
    }
}
