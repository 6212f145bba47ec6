package io.dropwise.dataset;

import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.Task;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a CSV table into a {@link DatasetSchema} and encoded rows. Every cell must hold a value; a column is a
 * numeric feature when all its values are numbers, a categorical feature (one-hot encoded) when all are text with at
 * most {@value #MAX_CATEGORIES} distinct values; anything else is rejected with the row and column that show it.
 */
final class DatasetParser {

    static final int MAX_CATEGORIES = 32;
    static final int MAX_CLASSES = 1000;
    static final int MIN_ROWS = 2;
    static final int MAX_NAME_LENGTH = 256;
    /** Longest text value kept as a category or class; a longer one is free text. */
    static final int MAX_CATEGORY_LENGTH = 200;
    /** Bounds the encoded matrix (rows times one-hot-expanded width): 100 M floats, 400 MB. */
    static final long MAX_ENCODED_VALUES = 100_000_000L;
    /** Integer labels with at most this many distinct values may be classes (task inference). */
    static final int MAX_INFERRED_CLASSES = 20;

    /**
     * @param labelColumn the label's column name, or null for the last column
     * @param task the task, or null to infer it from the label column
     */
    record Options(String labelColumn, Task task, int maxRows, int maxColumns) {}

    private DatasetParser() {}

    static ParsedDataset parse(Reader reader, Options options) throws IOException {
        CsvReader csv = new CsvReader(reader);
        String[] header = csv.next();
        if (header == null) {
            throw InvalidDatasetException.csv(
                    "The CSV is empty. Send a header row with the column names, then one" + " row per example.");
        }
        checkHeader(header, options.maxColumns());
        int labelIndex = labelIndex(header, options.labelColumn());
        ParsedColumn[] columns = new ParsedColumn[header.length];
        for (int i = 0; i < header.length; i++) {
            columns[i] = new ParsedColumn(header[i], i == labelIndex);
        }
        int rows = 0;
        for (String[] record = csv.next(); record != null; record = csv.next()) {
            rows++;
            if (rows > options.maxRows()) {
                throw InvalidDatasetException.limit("The CSV has more than " + options.maxRows()
                        + " data rows (dropwise.limits.max-rows). Send fewer rows.");
            }
            if (record.length != header.length) {
                throw ragged(rows, csv.recordLine(), record, header);
            }
            for (int i = 0; i < record.length; i++) {
                columns[i].add(record[i], rows, csv.recordLine());
            }
        }
        if (rows == 0) {
            throw InvalidDatasetException.csv("The CSV has a header row but no data rows. Add one row per example.");
        }
        if (rows < MIN_ROWS) {
            throw InvalidDatasetException.dataset(
                    "The CSV has " + rows + " data row; at least " + MIN_ROWS + " are needed to train and validate.");
        }
        return build(columns, labelIndex, rows, options.task());
    }

    private static ParsedDataset build(ParsedColumn[] columns, int labelIndex, int rows, Task requested) {
        ParsedColumn label = columns[labelIndex];
        Task task = requested != null ? requested : inferTask(label, rows);
        List<Feature> features = new ArrayList<>();
        List<ParsedColumn> featureColumns = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            if (i != labelIndex) {
                features.add(columns[i].toFeature());
                featureColumns.add(columns[i]);
            }
        }
        int width = features.stream().mapToInt(Feature::width).sum();
        if ((long) rows * width > MAX_ENCODED_VALUES) {
            throw InvalidDatasetException.limit(rows + " rows of " + width + " encoded inputs (after one-hot"
                    + " encoding) exceed " + MAX_ENCODED_VALUES + " values. Send fewer rows or columns.");
        }
        float[] x = encode(featureColumns, features, rows, width);
        if (task == Task.CLASSIFICATION) {
            List<String> classes = label.classes();
            int[] labels = label.classIndices(classes, rows);
            int[] counts = new int[classes.size()];
            for (int l : labels) {
                counts[l]++;
            }
            DatasetSchema schema = new DatasetSchema(task, label.name, features, classes);
            return new ParsedDataset(
                    schema,
                    Dataset.classification(rows, width, x, labels, classes.size()),
                    Arrays.stream(counts).boxed().toList());
        }
        float[] targets = label.targets(rows);
        DatasetSchema schema = new DatasetSchema(task, label.name, features, List.of());
        return new ParsedDataset(schema, Dataset.regression(rows, width, x, targets), List.of());
    }

    /**
     * Text labels are classes; integer labels with few distinct values (at most {@value #MAX_INFERRED_CLASSES},
     * and two or fewer than half the rows) are classes; other numbers are a regression target.
     */
    static Task inferTask(ParsedColumn label, int rows) {
        if (label.textCount > 0) {
            return Task.CLASSIFICATION;
        }
        int distinct = label.dict == null ? Integer.MAX_VALUE : label.dict.size();
        boolean fewValues = distinct <= MAX_INFERRED_CLASSES && (distinct == 2 || 2 * distinct < rows);
        return label.allIntegers && fewValues ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    private static float[] encode(List<ParsedColumn> columns, List<Feature> features, int rows, int width) {
        float[] x = new float[rows * width];
        int offset = 0;
        for (int j = 0; j < columns.size(); j++) {
            ParsedColumn column = columns.get(j);
            Feature feature = features.get(j);
            if (feature.kind() == Feature.Kind.NUMERIC) {
                for (int r = 0; r < rows; r++) {
                    x[r * width + offset] = (float) column.numbers[r];
                }
            } else {
                int[] position = column.sortedPositions(feature.categories());
                for (int r = 0; r < rows; r++) {
                    x[r * width + offset + position[column.codes[r]]] = 1f;
                }
            }
            offset += feature.width();
        }
        return x;
    }

    private static void checkHeader(String[] header, int maxColumns) {
        if (header.length > maxColumns) {
            throw InvalidDatasetException.limit("The header has " + header.length + " columns; at most " + maxColumns
                    + " are accepted (dropwise.limits.max-columns).");
        }
        if (header.length < 2) {
            throw InvalidDatasetException.csv("The header has one column ('" + header[0] + "'). A dataset needs"
                    + " at least two comma-separated columns: one or more features and the label.");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i];
            if (name.isEmpty()) {
                throw InvalidDatasetException.csv(
                        "Column " + (i + 1) + " of the header has no name. Name every" + " column.");
            }
            if (name.length() > MAX_NAME_LENGTH) {
                throw InvalidDatasetException.csv("Column " + (i + 1) + " of the header has a name of " + name.length()
                        + " characters; at most " + MAX_NAME_LENGTH + " are accepted.");
            }
            Integer previous = seen.putIfAbsent(name, i + 1);
            if (previous != null) {
                throw InvalidDatasetException.csv("The column name '" + name + "' appears twice in the header"
                                + " (columns " + previous + " and " + (i + 1) + "). ParsedColumn names must be unique.")
                        .with("column", name);
            }
        }
    }

    private static int labelIndex(String[] header, String labelColumn) {
        if (labelColumn == null || labelColumn.isBlank()) {
            return header.length - 1;
        }
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(labelColumn.trim())) {
                return i;
            }
        }
        List<String> names = List.of(header);
        String known =
                names.size() <= 20 ? names.toString() : names.subList(0, 20) + " and " + (names.size() - 20) + " more";
        throw InvalidDatasetException.labelColumn(
                "labelColumn '" + labelColumn + "' is not a column of the CSV." + " Columns: " + known + ".");
    }

    private static InvalidDatasetException ragged(int row, int line, String[] record, String[] header) {
        String where = record.length < header.length
                ? "column '" + header[record.length] + "' has no value"
                : "the extra value '" + abbreviate(record[header.length]) + "' has no column";
        String column = header[Math.min(record.length, header.length - 1)];
        InvalidDatasetException e = InvalidDatasetException.csv("Row " + row + " (line " + line + ") has "
                + record.length + " values but the header names " + header.length + " columns: " + where
                + ". Give every row one value per column; quote values that contain commas.");
        e.with("row", row).with("line", line).with("column", column);
        return e;
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
