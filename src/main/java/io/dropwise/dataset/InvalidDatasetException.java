package io.dropwise.dataset;

import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A rejected upload (400). {@code invalid-csv}: the text is not a well-formed CSV table; {@code invalid-dataset}: a
 * well-formed table that cannot be trained on; {@code dataset-limit-exceeded}: too many rows, columns or values.
 * Problems about one cell carry {@code row} (1-based data row), {@code line} (1-based line of the file) and
 * {@code column} members.
 */
class InvalidDatasetException extends ApiException {

    private InvalidDatasetException(String typeSlug, String title, String detail) {
        super(HttpStatus.BAD_REQUEST, typeSlug, title, detail);
    }

    static InvalidDatasetException csv(String detail) {
        return new InvalidDatasetException("invalid-csv", "Invalid CSV", detail);
    }

    static InvalidDatasetException dataset(String detail) {
        return new InvalidDatasetException("invalid-dataset", "Unusable dataset", detail);
    }

    static InvalidDatasetException limit(String detail) {
        return new InvalidDatasetException("dataset-limit-exceeded", "Dataset too large", detail);
    }

    /** A problem with one cell: the detail starts with "Row r (line l), column 'c': ". */
    static InvalidDatasetException cell(int row, int line, String column, String problem) {
        InvalidDatasetException e = csv("Row " + row + " (line " + line + "), column '" + column + "': " + problem);
        e.with("row", row).with("line", line).with("column", column);
        return e;
    }

    /** A problem with one column as a whole, pointing at the row that shows it. */
    static InvalidDatasetException column(int row, int line, String column, String problem) {
        InvalidDatasetException e =
                dataset("Column '" + column + "' (row " + row + ", line " + line + "): " + problem);
        e.with("row", row).with("line", line).with("column", column);
        return e;
    }
}
