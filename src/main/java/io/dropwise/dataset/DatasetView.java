package io.dropwise.dataset;

import java.time.Instant;
import java.util.List;

/**
 * A dataset described: its columns as the user sent them and how they are encoded, its classes with their row
 * counts (classification), and where it came from.
 *
 * @param featureCount columns used as features (the label column excluded)
 * @param inputWidth model inputs after one-hot encoding of categorical features
 * @param sizeBytes the size of the uploaded CSV
 * @param storedBytes the size of the stored, compressed rows
 */
public record DatasetView(
        String id,
        String name,
        String task,
        String labelColumn,
        int rows,
        int featureCount,
        int inputWidth,
        List<FeatureView> features,
        List<ClassView> classes,
        long sizeBytes,
        long storedBytes,
        boolean builtin,
        Instant createdAt) {

    /**
     * One feature column. {@code categories}: the one-hot order of a categorical feature; {@code mean}, {@code std}
     * (population), {@code min}, {@code max}: the numeric feature's values over all rows, null for a categorical one.
     */
    public record FeatureView(
            String name, String kind, List<String> categories, Double mean, Double std, Double min, Double max) {}

    /** A class label in model-output order and how many rows hold it. */
    public record ClassView(String label, int count) {}
}
