package io.dropwise.batch;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.web.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a batch's columns come from and go to. The input header names the model's features (any order) and any other
 * columns; the result has every other column first (under its own name, in input order: an id, the true label), then
 * {@code predicted_label} and {@code p_<class>} per class ({@code predicted_value} for regression), then with MC
 * dropout {@code mean_<class>}/{@code std_<class>} ({@code mean_value}/{@code std_value}). A passed-through column whose
 * name is one of these gets the suffix {@code _input} (repeated until it is unique).
 *
 * @param featureIndex per model feature, in feature order, its index in the input header
 * @param passThrough the indices of the other input columns, in input order
 * @param labelIndex the position of the model's label column among the passed-through ones, or -1 (no evaluation)
 * @param outputHeader the result's header row
 */
record BatchLayout(int[] featureIndex, int[] passThrough, int labelIndex, List<String> outputHeader) {

    static BatchLayout of(List<String> header, DatasetSchema schema, List<String> classes, boolean monteCarlo) {
        List<FieldProblem> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (!seen.add(name)) {
                errors.add(new FieldProblem("header", "column '" + name + "' appears twice"));
            }
        }
        List<String> features = schema.featureNames();
        int[] featureIndex = new int[features.size()];
        for (int f = 0; f < features.size(); f++) {
            featureIndex[f] = header.indexOf(features.get(f));
            if (featureIndex[f] < 0) {
                errors.add(new FieldProblem(
                        features.get(f), "feature column '" + features.get(f) + "' is missing from the header"));
            }
        }
        ValidationException.throwIfAny(errors);
        List<String> own = ownColumns(schema, classes, monteCarlo);
        Set<String> taken = new HashSet<>(own);
        List<Integer> passThrough = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (features.contains(header.get(i))) {
                continue;
            }
            String name = header.get(i);
            while (taken.contains(name)) {
                name = name + "_input";
            }
            taken.add(name);
            passThrough.add(i);
            out.add(name);
        }
        out.addAll(own);
        String label = schema.labelColumn();
        int labelIndex = label == null || features.contains(label) ? -1 : passThrough.indexOf(header.indexOf(label));
        return new BatchLayout(
                featureIndex, passThrough.stream().mapToInt(Integer::intValue).toArray(), labelIndex, out);
    }

    /** The columns the batch adds, in order. */
    static List<String> ownColumns(DatasetSchema schema, List<String> classes, boolean monteCarlo) {
        List<String> own = new ArrayList<>();
        if (classes.isEmpty()) {
            own.add("predicted_value");
            if (monteCarlo) {
                own.add("mean_value");
                own.add("std_value");
            }
            return own;
        }
        own.add("predicted_label");
        classes.forEach(c -> own.add("p_" + c));
        if (monteCarlo) {
            classes.forEach(c -> own.add("mean_" + c));
            classes.forEach(c -> own.add("std_" + c));
        }
        return own;
    }

    /** The feature values of one input record, in feature order. */
    List<String> features(String[] record) {
        List<String> values = new ArrayList<>(featureIndex.length);
        for (int index : featureIndex) {
            values.add(record[index]);
        }
        return values;
    }

    /** The passed-through values of the current record of {@code csv}, in input order. */
    String[] passed(BatchCsv csv) {
        String[] values = new String[passThrough.length];
        for (int i = 0; i < passThrough.length; i++) {
            values[i] = csv.field(passThrough[i]);
        }
        return values;
    }
}
