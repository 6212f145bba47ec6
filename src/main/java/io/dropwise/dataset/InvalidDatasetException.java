package io.dropwise.dataset;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CSV that cannot become a dataset, said in the words of the data: the message says what is wrong and what to
 * change. The parser knows nothing of HTTP; {@link DatasetController} renders this as a 400 problem. Problems about
 * one cell carry {@code row} (1-based data row), {@code line} (1-based line of the file) and {@code column}.
 */
class InvalidDatasetException extends RuntimeException {

    enum Kind {
        /** The text is not a well-formed CSV table. */
        INVALID_CSV,
        /** A well-formed table that cannot be trained on. */
        UNUSABLE_DATASET,
        /** Too many rows, columns or values. */
        LIMIT_EXCEEDED,
        /** The label column named by the request is not in the table. */
        UNKNOWN_LABEL_COLUMN
    }

    private final Kind kind;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    private InvalidDatasetException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    static InvalidDatasetException csv(String detail) {
        return new InvalidDatasetException(Kind.INVALID_CSV, detail);
    }

    static InvalidDatasetException dataset(String detail) {
        return new InvalidDatasetException(Kind.UNUSABLE_DATASET, detail);
    }

    static InvalidDatasetException limit(String detail) {
        return new InvalidDatasetException(Kind.LIMIT_EXCEEDED, detail);
    }

    static InvalidDatasetException labelColumn(String detail) {
        return new InvalidDatasetException(Kind.UNKNOWN_LABEL_COLUMN, detail);
    }

    /** A problem with one cell: the detail starts with "Row r (line l), column 'c': ". */
    static InvalidDatasetException cell(int row, int line, String column, String problem) {
        InvalidDatasetException e = csv("Row " + row + " (line " + line + "), column '" + column + "': " + problem);
        e.with("row", row).with("line", line).with("column", column);
        return e;
    }

    /** A problem with one column as a whole, pointing at the row that shows it. */
    static InvalidDatasetException column(int row, int line, String column, String problem) {
        InvalidDatasetException e = dataset("Column '" + column + "' (row " + row + ", line " + line + "): " + problem);
        e.with("row", row).with("line", line).with("column", column);
        return e;
    }

    InvalidDatasetException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    Kind kind() {
        return kind;
    }

    /** Where the problem is ({@code row}, {@code line}, {@code column}), in the order they were added. */
    Map<String, Object> properties() {
        return properties;
    }
}
