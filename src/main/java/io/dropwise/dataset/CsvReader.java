package io.dropwise.dataset;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * RFC 4180 records through Jackson's CSV parser: comma-separated fields, fields in double quotes may hold commas,
 * line breaks and quotes (written as two quotes); records end with CRLF, LF or CR; a byte order mark at the start is
 * skipped; whitespace around unquoted values and around quoted fields is trimmed; blank lines are skipped. What is
 * ours: the line each record starts on, and errors that name the line and field in words a user can act on.
 */
public final class CsvReader {

    private static final CsvMapper MAPPER = configured(CsvMapper.builder());
    private static final Map<Integer, CsvMapper> LIMITED = new ConcurrentHashMap<>();
    private static final char BOM = '\uFEFF';

    private final Reader in;
    private final int linesBefore;
    private final int maxFieldChars;
    private final CsvMapper mapper;
    private JsonParser parser;
    private final List<String> fields = new ArrayList<>();
    private int recordLine;
    private boolean done;

    public CsvReader(Reader in) {
        this(in, 0);
    }

    /**
     * A reader of input that continues a text of which {@code linesBefore} lines were read elsewhere: its line numbers
     * (in {@link #recordLine()} and in errors) count those, and no byte order mark is taken off its start.
     */
    public CsvReader(Reader in, int linesBefore) {
        this(in, linesBefore, 0);
    }

    /**
     * As {@link #CsvReader(Reader, int)}, refusing a field longer than {@code maxFieldChars} (when positive) before it
     * is held whole: an {@link InvalidDatasetException} of kind {@code LIMIT_EXCEEDED} (a quoted field may span many
     * short lines).
     */
    public CsvReader(Reader in, int linesBefore, int maxFieldChars) {
        this.in = in;
        this.linesBefore = linesBefore;
        this.maxFieldChars = maxFieldChars;
        this.mapper = maxFieldChars > 0 ? LIMITED.computeIfAbsent(maxFieldChars, CsvReader::limited) : MAPPER;
    }

    private static CsvMapper limited(int maxFieldChars) {
        StreamReadConstraints constraints =
                StreamReadConstraints.builder().maxStringLength(maxFieldChars).build();
        return configured(CsvMapper.builder(
                CsvFactory.builder().streamReadConstraints(constraints).build()));
    }

    private static CsvMapper configured(CsvMapper.Builder builder) {
        return builder.enable(CsvReadFeature.WRAP_AS_ARRAY)
                .enable(CsvReadFeature.TRIM_SPACES)
                .enable(CsvReadFeature.SKIP_EMPTY_LINES)
                .build();
    }

    /** The 1-based line on which the record last returned by {@link #next()} starts. */
    public int recordLine() {
        return linesBefore + recordLine;
    }

    /**
     * The next record's fields, or null at the end of the input.
     *
     * @throws InvalidDatasetException for an unclosed quote or text after a closing quote
     */
    public String[] next() throws IOException {
        if (done) {
            return null;
        }
        if (parser == null) {
            parser = mapper.createParser(linesBefore == 0 ? skipByteOrderMark(in) : in);
            if (parser.nextToken() != JsonToken.START_ARRAY) { // the whole input, as an array of records
                return end();
            }
        }
        fields.clear();
        int line = parser.currentLocation().getLineNr();
        try {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_ARRAY) {
                return end();
            }
            recordLine = parser.currentLocation().getLineNr();
            // a field starts on the line where the previous one ended (only quoted fields span lines)
            line = recordLine;
            while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
                fields.add(parser.getString());
                line = parser.currentLocation().getLineNr();
            }
        } catch (StreamReadException e) {
            throw invalid(e, linesBefore, line, fields.size() + 1);
        } catch (StreamConstraintsException e) {
            throw InvalidDatasetException.limit("Line " + (linesBefore + line) + ", field " + (fields.size() + 1)
                    + ": longer than "
                    + (maxFieldChars > 0 ? maxFieldChars : StreamReadConstraints.DEFAULT_MAX_STRING_LEN)
                    + " characters, the longest field this upload takes.");
        } catch (JacksonException e) {
            throw unwrap(e);
        }
        return fields.toArray(String[]::new);
    }

    private String[] end() {
        done = true;
        parser.close();
        return null;
    }

    private static InvalidDatasetException invalid(StreamReadException e, int linesBefore, int line, int field) {
        line += linesBefore;
        String message = e.getOriginalMessage();
        if (message.startsWith("Missing closing quote")) {
            return InvalidDatasetException.csv("Line " + line + ", field " + field + ": a quoted field starts here"
                    + " and is never closed. Close it with a double quote.");
        }
        if (message.startsWith("Unexpected character") && message.contains("Expected column separator")) {
            int quoteLine = e.getLocation() == null
                    ? line
                    : linesBefore + e.getLocation().getLineNr();
            String found = message.substring(message.indexOf("('") + 2, message.indexOf("' (code"));
            return InvalidDatasetException.csv("Line " + quoteLine + ", field " + field + ": unexpected '" + found
                    + "' after a closing quote. Inside a quoted field a quote is written as two quotes (\"\").");
        }
        return InvalidDatasetException.csv("Line " + line + ", field " + field + ": " + message + ".");
    }

    /** Jackson wraps what the reader threw (a coding error, the upload limit): let the original through. */
    private static RuntimeException unwrap(JacksonException e) throws IOException {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return e;
    }

    private static Reader skipByteOrderMark(Reader in) throws IOException {
        PushbackReader pushback = new PushbackReader(in, 1);
        int first = pushback.read();
        if (first != -1 && first != BOM) {
            pushback.unread(first);
        }
        return pushback;
    }
}
