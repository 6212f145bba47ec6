package io.dropwise.batch;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.engine.Activation;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.prediction.TrainedModels.Trained;
import java.util.List;
import java.util.Random;

/**
 * A classification model with a categorical column (the built-in datasets are all numeric): {@code size} (numeric)
 * and {@code color} (red, green, blue; one-hot), label {@code fit}: {@code big} when {@code size + {0, 3, -2}[color] >
 * 5}, else {@code small}. Dropout 0.2, so Monte-Carlo dropout varies.
 */
final class CategoricalModels {

    static final List<String> COLORS = List.of("red", "green", "blue");
    static final double[] OFFSETS = {0, 3, -2};

    private static Trained sizes;

    private CategoricalModels() {}

    static synchronized Trained sizes() {
        if (sizes == null) {
            int rows = 300;
            float[] x = new float[rows * 4];
            int[] y = new int[rows];
            Random random = new Random(5);
            for (int r = 0; r < rows; r++) {
                float size = (float) (random.nextDouble() * 10);
                int color = r % 3;
                x[r * 4] = size;
                x[r * 4 + 1 + color] = 1;
                y[r] = size + OFFSETS[color] > 5 ? 0 : 1;
            }
            DatasetSchema schema = new DatasetSchema(
                    Task.CLASSIFICATION,
                    "fit",
                    List.of(
                            new Feature("size", Feature.Kind.NUMERIC, null, 5, 2.9, 0, 10),
                            new Feature(
                                    "color",
                                    Feature.Kind.CATEGORICAL,
                                    COLORS,
                                    Double.NaN,
                                    Double.NaN,
                                    Double.NaN,
                                    Double.NaN)),
                    List.of("big", "small"));
            NetworkSpec network = new NetworkSpec(
                    4,
                    2,
                    Task.CLASSIFICATION,
                    0,
                    List.of(new LayerSpec(16, Activation.RELU, 0.2, false)),
                    DropoutScaling.INVERTED);
            TrainingSpec training = new TrainingSpec(
                    40,
                    16,
                    OptimizerSpec.adam(0.01),
                    0,
                    0,
                    0,
                    LearningRateSchedule.constant(),
                    0.2,
                    EarlyStopping.off(),
                    FeatureScaling.STANDARDIZE,
                    7,
                    0,
                    1);
            TrainingResult result = new Trainer(network, training)
                    .fit(Dataset.classification(rows, 4, x, y, 2), TrainingListener.NONE, () -> false);
            sizes = new Trained(
                    result.model(),
                    schema,
                    "sizes",
                    "{\"training\":{\"featureScaling\":\"standardize\",\"seed\":7}}",
                    result.bestEpoch(),
                    result.bestMetrics());
        }
        return sizes;
    }
}
