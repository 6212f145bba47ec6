package io.dropwise.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seeded cross-validation splits. k-fold is stratified for classification: each class's rows are shuffled (one
 * generator seeded with {@code seed}, classes in index order) and dealt round-robin into the folds, the dealing
 * continuing from class to class, so every fold holds {@code floor} or {@code ceil} of each class's
 * {@code rows / k}, and fold sizes differ by at most one. Regression: one shuffled group, dealt the same way. The
 * folds depend only on the labels (or the row count), {@code k} and the seed.
 */
public final class Folds {

    private Folds() {}

    /**
     * The validation rows of each of {@code k} folds, each sorted ascending; disjoint, their union is every row.
     *
     * @throws IllegalArgumentException when {@code k < 2} or {@code k > rows}
     */
    public static int[][] kFold(Dataset data, int k, long seed) {
        Specs.require(k >= 2 && k <= data.rows(), "folds must be in [2, " + data.rows() + "], got " + k);
        Rng rng = new Rng(seed);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (int[] group : DataSplit.groups(data)) {
            rng.shuffle(group);
            for (int row : group) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        int[][] result = new int[k][];
        for (int f = 0; f < k; f++) {
            result[f] =
                    folds.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return result;
    }

    /** The validation rows of fold {@code fold} of {@link #kFold}. */
    public static int[] fold(Dataset data, int k, int fold, long seed) {
        return kFold(data, k, seed)[fold];
    }

    /** A seeded holdout: the stratified split a job with {@code validationFraction = fraction} would make. */
    public static int[] holdout(Dataset data, double fraction, long seed) {
        Specs.require(fraction > 0 && fraction < 1, "holdout must be in (0, 1), got " + fraction);
        return DataSplit.of(data, fraction, new Rng(seed)).validation();
    }

    /** Rows of the smallest class (classification) or every row (regression). */
    public static int smallestClass(Dataset data) {
        if (data.labels() == null) {
            return data.rows();
        }
        int[] counts = new int[data.classes()];
        for (int label : data.labels()) {
            counts[label]++;
        }
        return Arrays.stream(counts).filter(c -> c > 0).min().orElse(0);
    }
}
