package io.dropwise.engine;

/**
 * A table of encoded, numeric rows held in one row-major array.
 *
 * @param x {@code rows * features} values, row-major
 * @param labels class index per row for classification, else null
 * @param targets target value per row for regression, else null
 * @param classes number of classes (classification) or 0
 */
public record Dataset(int rows, int features, float[] x, int[] labels, float[] targets, int classes) {

    public static Dataset classification(int rows, int features, float[] x, int[] labels, int classes) {
        return new Dataset(rows, features, x, labels, null, classes);
    }

    public static Dataset regression(int rows, int features, float[] x, float[] targets) {
        return new Dataset(rows, features, x, null, targets, 0);
    }

    public Task task() {
        return labels != null ? Task.CLASSIFICATION : Task.REGRESSION;
    }
}
