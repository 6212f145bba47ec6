package io.dropwise.dataset;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line breaks and quotes
 * (written as two quotes); records end with CRLF, LF or CR; a UTF-8 byte order mark at the start is skipped;
 * whitespace around unquoted values and around quoted fields is trimmed; blank lines are skipped.
 */
final class CsvReader {

    private static final int EOF = -1;
    private static final char BOM = '\uFEFF';

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private final StringBuilder field = new StringBuilder();
    private int pushedBack = -2;
    private int line = 1;
    private int recordLine;
    private boolean started;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The 1-based line on which the record last returned by {@link #next()} starts. */
    int recordLine() {
        return recordLine;
    }

    /**
     * The next record's fields, or null at the end of the input.
     *
     * @throws InvalidDatasetException for an unclosed quote or text after a closing quote
     */
    String[] next() throws IOException {
        int c = read();
        if (!started) {
            started = true;
            if (c == BOM) {
                c = read();
            }
        }
        while (true) {
            while (c == '\r' || c == '\n') {
                c = lineBreak(c);
            }
            if (c == EOF) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            boolean quotedAny = false;
            while (true) {
                field.setLength(0);
                c = skipBlanks(c);
                if (c == '"') {
                    quotedAny = true;
                    c = skipBlanks(readQuoted(fields.size() + 1));
                    if (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                        throw InvalidDatasetException.csv("Line " + line + ", field " + (fields.size() + 1)
                                + ": unexpected '" + (char) c + "' after a closing quote. Inside a quoted field a"
                                + " quote is written as two quotes (\"\").");
                    }
                } else {
                    c = readUnquoted(c);
                }
                fields.add(field.toString());
                if (c != ',') {
                    break;
                }
                c = read();
            }
            if (c != EOF) {
                c = lineBreak(c);
            }
            pushBack(c);
            if (fields.size() == 1 && fields.get(0).isEmpty() && !quotedAny) {
                c = read();
                continue;
            }
            return fields.toArray(String[]::new);
        }
    }

    private int readUnquoted(int c) throws IOException {
        while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
            field.append((char) c);
            c = read();
        }
        int end = field.length();
        while (end > 0 && isBlank(field.charAt(end - 1))) {
            end--;
        }
        field.setLength(end);
        return c;
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int readQuoted(int fieldNumber) throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw InvalidDatasetException.csv("Line " + startLine + ", field " + fieldNumber
                        + ": a quoted field starts here and is never closed. Close it with a double quote.");
            }
            if (c == '"') {
                int next = read();
                if (next != '"') {
                    return next;
                }
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            field.append((char) c);
        }
    }

    /** Consumes a line break starting with {@code c}; returns the character after it. */
    private int lineBreak(int c) throws IOException {
        line++;
        int next = read();
        if (c == '\r' && next == '\n') {
            next = read();
        }
        return next;
    }

    private int skipBlanks(int c) throws IOException {
        while (c != EOF && isBlank((char) c)) {
            c = read();
        }
        return c;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private int peek() throws IOException {
        int c = read();
        pushBack(c);
        return c;
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return EOF;
            }
        }
        return buffer[position++];
    }

    private void pushBack(int c) {
        pushedBack = c;
    }
}
