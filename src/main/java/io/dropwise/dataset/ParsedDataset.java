package io.dropwise.dataset;

import io.dropwise.engine.Dataset;
import java.util.List;

/**
 * An upload that passed every check: its schema, its encoded rows and, for classification, the number of rows of
 * each class (in the schema's class order).
 */
record ParsedDataset(DatasetSchema schema, Dataset data, List<Integer> classCounts) {}
