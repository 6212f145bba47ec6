package io.dropwise.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A seeded train/validation split: stratified per class for classification (each class keeps at least one training
 * row), a plain seeded shuffle for regression. Both index arrays are sorted ascending.
 */
record DataSplit(int[] train, int[] validation) {

    static DataSplit of(Dataset data, double validationFraction, Rng rng) {
        if (validationFraction <= 0) {
            int[] all = new int[data.rows()];
            Arrays.setAll(all, i -> i);
            return new DataSplit(all, new int[0]);
        }
        List<int[]> groups = groups(data);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int[] group : groups) {
            rng.shuffle(group);
            int held = (int) Math.round(group.length * validationFraction);
            held = Math.min(held, group.length - 1);
            for (int i = 0; i < group.length; i++) {
                (i < held ? validation : train).add(group[i]);
            }
        }
        return new DataSplit(sorted(train), sorted(validation));
    }

    /** An explicit split: {@code validation} (sorted, distinct, in range) held out, every other row trains. */
    static DataSplit explicit(int rows, int[] validation) {
        boolean[] held = new boolean[rows];
        for (int r : validation) {
            Specs.require(r >= 0 && r < rows && !held[r], "validation row " + r + " is out of range or repeated");
            held[r] = true;
        }
        int[] train = new int[rows - validation.length];
        int t = 0;
        for (int r = 0; r < rows; r++) {
            if (!held[r]) {
                train[t++] = r;
            }
        }
        return new DataSplit(train, validation.clone());
    }

    static List<int[]> groups(Dataset data) {
        if (data.labels() == null) {
            int[] all = new int[data.rows()];
            Arrays.setAll(all, i -> i);
            return List.of(all);
        }
        int[] counts = new int[data.classes()];
        for (int label : data.labels()) {
            counts[label]++;
        }
        List<int[]> groups = new ArrayList<>();
        int[] fill = new int[data.classes()];
        for (int c = 0; c < data.classes(); c++) {
            groups.add(new int[counts[c]]);
        }
        for (int r = 0; r < data.rows(); r++) {
            int c = data.labels()[r];
            groups.get(c)[fill[c]++] = r;
        }
        return groups;
    }

    private static int[] sorted(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
