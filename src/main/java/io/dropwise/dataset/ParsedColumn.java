package io.dropwise.dataset;

import io.dropwise.dataset.DatasetSchema.Feature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The values of one column, kept as numbers and, while there are few, as dictionary codes. */
final class ParsedColumn {

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

    ParsedColumn(String name, boolean label) {
        this.name = name;
        this.label = label;
        this.maxDistinct = label ? DatasetParser.MAX_CLASSES : DatasetParser.MAX_CATEGORIES;
    }

    void add(String value, int row, int line) {
        if (value.isEmpty()) {
            throw InvalidDatasetException.cell(
                    row, line, name, "the value is empty. Every cell needs a value:" + " fill it in or drop the row.");
        }
        if (Numbers.isNonFiniteWord(value)) {
            throw InvalidDatasetException.cell(
                    row,
                    line,
                    name,
                    "'" + value + "' is not a finite number."
                            + " Missing and non-finite values are not accepted: fill in a number or drop the row.");
        }
        if (size == numbers.length) {
            numbers = Arrays.copyOf(numbers, size * 2);
        }
        String key = value;
        if (Numbers.isNumber(value)) {
            double v = Double.parseDouble(value);
            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                throw InvalidDatasetException.cell(
                        row,
                        line,
                        name,
                        "'" + DatasetParser.abbreviate(value) + "' is outside"
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
            if (dict.size() == maxDistinct || key.length() > DatasetParser.MAX_CATEGORY_LENGTH) {
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
            String why = overflowValue.length() > DatasetParser.MAX_CATEGORY_LENGTH
                    ? "a text value of " + overflowValue.length() + " characters is free text"
                    : "more than " + DatasetParser.MAX_CATEGORIES
                            + " distinct text values (the first one beyond them, '"
                            + DatasetParser.abbreviate(overflowValue) + "', is in this row)";
            throw InvalidDatasetException.column(
                    overflowAt[0],
                    overflowAt[1],
                    name,
                    why + ". A text column is"
                            + " accepted as a categorical feature with at most " + DatasetParser.MAX_CATEGORIES
                            + " distinct values"
                            + " of at most " + DatasetParser.MAX_CATEGORY_LENGTH
                            + " characters; drop the column or encode it as"
                            + " numbers.");
        }
        List<String> categories = keys.stream().sorted(NaturalOrder.INSTANCE).toList();
        return new Feature(name, Feature.Kind.CATEGORICAL, categories, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
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
            return InvalidDatasetException.cell(
                    firstText[0],
                    firstText[1],
                    name,
                    "'"
                            + DatasetParser.abbreviate(firstTextValue) + "' is not a number, but " + numberCount
                            + " other rows of"
                            + " this column are numbers. Fix the value or drop the row.");
        }
        return InvalidDatasetException.cell(
                firstNumber[0],
                firstNumber[1],
                name,
                "'" + firstNumberValue
                        + "' is a number in a text column (" + textCount + " rows hold text). A column holds either"
                        + " numbers or text categories, not both.");
    }

    /** Class names in natural order; fails when they are too many or only one. */
    List<String> classes() {
        if (dict == null) {
            throw InvalidDatasetException.column(
                    overflowAt[0],
                    overflowAt[1],
                    name,
                    overflowValue.length() > DatasetParser.MAX_CATEGORY_LENGTH
                            ? "a label of " + overflowValue.length() + " characters; class names have at most "
                                    + DatasetParser.MAX_CATEGORY_LENGTH + "."
                            : "the label column has more than " + DatasetParser.MAX_CLASSES
                                    + " distinct values; classification"
                                    + " accepts at most " + DatasetParser.MAX_CLASSES
                                    + " classes. For a numeric target pass"
                                    + " task=regression.");
        }
        if (keys.size() < 2) {
            throw InvalidDatasetException.dataset("The label column '" + name + "' holds a single class ('"
                            + DatasetParser.abbreviate(keys.get(0)) + "') in all " + size
                            + " rows. Classification needs at least"
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
            throw InvalidDatasetException.cell(
                    firstText[0],
                    firstText[1],
                    name,
                    "'"
                            + DatasetParser.abbreviate(firstTextValue)
                            + "' is not a number; a regression target must be numeric."
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
