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
            throw InvalidDatasetException.csv("The CSV is empty. Send a header row with the column names, then one"
                    + " row per example.");
        }
        checkHeader(header, options.maxColumns());
        int labelIndex = labelIndex(header, options.labelColumn());
        Column[] columns = new Column[header.length];
        for (int i = 0; i < header.length; i++) {
            columns[i] = new Column(header[i], i == labelIndex);
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
            throw InvalidDatasetException.dataset("The CSV has " + rows + " data row; at least " + MIN_ROWS
                    + " are needed to train and validate.");
        }
        return build(columns, labelIndex, rows, options.task());
    }

    private static ParsedDataset build(Column[] columns, int labelIndex, int rows, Task requested) {
        Column label = columns[labelIndex];
        Task task = requested != null ? requested : inferTask(label, rows);
        List<Feature> features = new ArrayList<>();
        List<Column> featureColumns = new ArrayList<>();
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
            return new ParsedDataset(schema, Dataset.classification(rows, width, x, labels, classes.size()),
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
    static Task inferTask(Column label, int rows) {
        if (label.textCount > 0) {
            return Task.CLASSIFICATION;
        }
        int distinct = label.dict == null ? Integer.MAX_VALUE : label.dict.size();
        boolean fewValues = distinct <= MAX_INFERRED_CLASSES && (distinct == 2 || 2 * distinct < rows);
        return label.allIntegers && fewValues ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    private static float[] encode(List<Column> columns, List<Feature> features, int rows, int width) {
        float[] x = new float[rows * width];
        int offset = 0;
        for (int j = 0; j < columns.size(); j++) {
            Column column = columns.get(j);
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
            throw InvalidDatasetException.limit("The header has " + header.length + " columns; at most "
                    + maxColumns + " are accepted (dropwise.limits.max-columns).");
        }
        if (header.length < 2) {
            throw InvalidDatasetException.csv("The header has one column ('" + header[0] + "'). A dataset needs"
                    + " at least two comma-separated columns: one or more features and the label.");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i];
            if (name.isEmpty()) {
                throw InvalidDatasetException.csv("Column " + (i + 1) + " of the header has no name. Name every"
                        + " column.");
            }
            if (name.length() > MAX_NAME_LENGTH) {
                throw InvalidDatasetException.csv("Column " + (i + 1) + " of the header has a name of "
                        + name.length() + " characters; at most " + MAX_NAME_LENGTH + " are accepted.");
            }
            Integer previous = seen.putIfAbsent(name, i + 1);
            if (previous != null) {
                throw InvalidDatasetException.csv("The column name '" + name + "' appears twice in the header"
                        + " (columns " + previous + " and " + (i + 1) + "). Column names must be unique.")
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
        String known = names.size() <= 20 ? names.toString() : names.subList(0, 20) + " and " + (names.size() - 20)
                + " more";
        throw InvalidDatasetException.labelColumn("labelColumn '" + labelColumn + "' is not a column of the CSV."
                + " Columns: " + known + ".");
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

    /** The values of one column, kept as numbers and, while there are few, as dictionary codes. */
    static final class Column {

        final String name;
        final boolean label;
        final int maxDistinct;
        double[] numbers = new double[64];
        int[] codes = new int[64];
        Map<String, Integer> dict = new HashMap<>();
        List<String> keys = new ArrayList<>();
        int size;
        int numberCount;
        int textCount;
        boolean allIntegers = true;
        int[] firstNumber;
        int[] firstText;
        String firstNumberValue;
        String firstTextValue;
        int[] overflowAt;
        String overflowValue;

        Column(String name, boolean label) {
            this.name = name;
            this.label = label;
            this.maxDistinct = label ? MAX_CLASSES : MAX_CATEGORIES;
        }

        void add(String value, int row, int line) {
            if (value.isEmpty()) {
                throw InvalidDatasetException.cell(row, line, name, "the value is empty. Every cell needs a value:"
                        + " fill it in or drop the row.");
            }
            if (Numbers.isNonFiniteWord(value)) {
                throw InvalidDatasetException.cell(row, line, name, "'" + value + "' is not a finite number."
                        + " Missing and non-finite values are not accepted: fill in a number or drop the row.");
            }
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            String key = value;
            if (Numbers.isNumber(value)) {
                double v = Double.parseDouble(value);
                if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                    throw InvalidDatasetException.cell(row, line, name, "'" + abbreviate(value) + "' is outside"
                            + " the range of 32-bit floats (about ±3.4e38).");
                }
                numbers[size] = v;
                String integer = Numbers.integerText(v);
                allIntegers &= integer != null;
                if (label && integer != null) {
                    key = integer;
                }
                if (numberCount++ == 0) {
                    firstNumber = new int[] {row, line};
                    firstNumberValue = value;
                }
            } else {
                numbers[size] = Double.NaN;
                if (textCount++ == 0) {
                    firstText = new int[] {row, line};
                    firstTextValue = value;
                }
            }
            remember(key, row, line);
            size++;
        }

        private void remember(String key, int row, int line) {
            if (dict == null) {
                return;
            }
            Integer code = dict.get(key);
            if (code == null) {
                if (dict.size() == maxDistinct || key.length() > MAX_CATEGORY_LENGTH) {
                    dict = null;
                    keys = null;
                    codes = null;
                    overflowAt = new int[] {row, line};
                    overflowValue = key;
                    return;
                }
                code = dict.size();
                dict.put(key, code);
                keys.add(key);
            }
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, codes.length * 2);
            }
            codes[size] = code;
        }

        Feature toFeature() {
            if (textCount == 0) {
                return numericFeature();
            }
            if (numberCount > 0) {
                throw mixed();
            }
            if (dict == null) {
                String why = overflowValue.length() > MAX_CATEGORY_LENGTH
                        ? "a text value of " + overflowValue.length() + " characters is free text"
                        : "more than " + MAX_CATEGORIES + " distinct text values (the first one beyond them, '"
                                + abbreviate(overflowValue) + "', is in this row)";
                throw InvalidDatasetException.column(overflowAt[0], overflowAt[1], name, why + ". A text column is"
                        + " accepted as a categorical feature with at most " + MAX_CATEGORIES + " distinct values"
                        + " of at most " + MAX_CATEGORY_LENGTH + " characters; drop the column or encode it as"
                        + " numbers.");
            }
            List<String> categories = keys.stream().sorted(NaturalOrder.INSTANCE).toList();
            return new Feature(name, Feature.Kind.CATEGORICAL, categories, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }

        private Feature numericFeature() {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < size; r++) {
                sum += numbers[r];
                min = Math.min(min, numbers[r]);
                max = Math.max(max, numbers[r]);
            }
            double mean = sum / size;
            double squares = 0;
            for (int r = 0; r < size; r++) {
                double d = numbers[r] - mean;
                squares += d * d;
            }
            return new Feature(name, Feature.Kind.NUMERIC, List.of(), mean, Math.sqrt(squares / size), min, max);
        }

        private InvalidDatasetException mixed() {
            if (textCount <= numberCount) {
                return InvalidDatasetException.cell(firstText[0], firstText[1], name, "'"
                        + abbreviate(firstTextValue) + "' is not a number, but " + numberCount + " other rows of"
                        + " this column are numbers. Fix the value or drop the row.");
            }
            return InvalidDatasetException.cell(firstNumber[0], firstNumber[1], name, "'" + firstNumberValue
                    + "' is a number in a text column (" + textCount + " rows hold text). A column holds either"
                    + " numbers or text categories, not both.");
        }

        /** Class names in natural order; fails when they are too many or only one. */
        List<String> classes() {
            if (dict == null) {
                throw InvalidDatasetException.column(overflowAt[0], overflowAt[1], name, overflowValue.length()
                        > MAX_CATEGORY_LENGTH
                                ? "a label of " + overflowValue.length() + " characters; class names have at most "
                                        + MAX_CATEGORY_LENGTH + "."
                                : "the label column has more than " + MAX_CLASSES + " distinct values; classification"
                                        + " accepts at most " + MAX_CLASSES + " classes. For a numeric target pass"
                                        + " task=regression.");
            }
            if (keys.size() < 2) {
                throw InvalidDatasetException.dataset("The label column '" + name + "' holds a single class ('"
                        + abbreviate(keys.get(0)) + "') in all " + size + " rows. Classification needs at least"
                        + " two classes; check labelColumn or send rows of other classes.")
                        .with("column", name);
            }
            return keys.stream().sorted(NaturalOrder.INSTANCE).toList();
        }

        int[] classIndices(List<String> classes, int rows) {
            int[] position = sortedPositions(classes);
            int[] labels = new int[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = position[codes[r]];
            }
            return labels;
        }

        float[] targets(int rows) {
            if (textCount > 0) {
                throw InvalidDatasetException.cell(firstText[0], firstText[1], name, "'"
                        + abbreviate(firstTextValue) + "' is not a number; a regression target must be numeric."
                        + " Fix the value, or pass task=classification.");
            }
            float[] targets = new float[rows];
            for (int r = 0; r < rows; r++) {
                targets[r] = (float) numbers[r];
            }
            return targets;
        }

        /** For each dictionary code, the position of its key in {@code sorted}. */
        int[] sortedPositions(List<String> sorted) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < sorted.size(); i++) {
                index.put(sorted.get(i), i);
            }
            int[] position = new int[keys.size()];
            for (int code = 0; code < keys.size(); code++) {
                position[code] = index.get(keys.get(code));
            }
            return position;
        }
    }
}
