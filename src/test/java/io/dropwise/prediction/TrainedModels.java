package io.dropwise.prediction;

import io.dropwise.dataset.DatasetProvider;
import io.dropwise.dataset.DatasetSchema;
import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.dataset.LoadedDataset;
import io.dropwise.engine.Activation;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.Model;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.model.ModelRegistration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Tiny models trained with the real engine, once per JVM. */
public final class TrainedModels {

    /** A trained model and what it was trained on. */
    public record Trained(
            Model model,
            DatasetSchema schema,
            String datasetId,
            String specJson,
            int bestEpoch,
            EpochMetrics bestMetrics) {

        /** This model's registration under {@code name}, now. */
        public ModelRegistration registration(String name) {
            return new ModelRegistration(
                    name,
                    null,
                    datasetId,
                    specJson,
                    schema,
                    ModelCodec.encode(model),
                    bestEpoch,
                    bestMetrics,
                    Instant.now());
        }
    }

    static final String SPEC_JSON = "{\"training\":{\"featureScaling\":\"standardize\",\"seed\":7}}";

    private static Trained irisDropout;
    private static Trained irisPlain;
    private static Trained mixedRegression;
    private static Trained irisWide;

    private TrainedModels() {}

    /** Iris, one hidden layer of 16 ReLU units with dropout 0.3 and input dropout 0.1. */
    public static synchronized Trained irisDropout(DatasetProvider datasets) {
        if (irisDropout == null) {
            irisDropout = iris(datasets, 0.1, 0.3);
        }
        return irisDropout;
    }

    /** Iris without any dropout. */
    public static synchronized Trained irisPlain(DatasetProvider datasets) {
        if (irisPlain == null) {
            irisPlain = iris(datasets, 0, 0);
        }
        return irisPlain;
    }

    /**
     * Iris through two hidden layers of 512 ReLU units with dropout 0.5 (266,755 parameters), one epoch: a model whose
     * Monte-Carlo predictions cost enough to meet the work budget and to take a while.
     */
    public static synchronized Trained irisWide(DatasetProvider datasets) {
        if (irisWide == null) {
            LoadedDataset iris = datasets.load("iris");
            NetworkSpec network = new NetworkSpec(
                    4,
                    3,
                    Task.CLASSIFICATION,
                    0,
                    List.of(
                            new LayerSpec(512, Activation.RELU, 0.5, false),
                            new LayerSpec(512, Activation.RELU, 0.5, false)),
                    DropoutScaling.INVERTED);
            irisWide = train(network, training(1), iris.data(), iris.schema(), "iris");
        }
        return irisWide;
    }

    /**
     * Regression on a numeric {@code size} and a categorical {@code color} (red, green, blue; one-hot, so 4 encoded
     * inputs): {@code price = 2 size + {0, 3, -2}[color]} plus noise. Dropout 0.2.
     */
    public static synchronized Trained mixedRegression() {
        if (mixedRegression == null) {
            List<String> colors = List.of("red", "green", "blue");
            double[] offsets = {0, 3, -2};
            int rows = 300;
            float[] x = new float[rows * 4];
            float[] y = new float[rows];
            Random random = new Random(11);
            for (int r = 0; r < rows; r++) {
                float size = (float) (random.nextDouble() * 10);
                int color = r % 3;
                x[r * 4] = size;
                x[r * 4 + 1 + color] = 1;
                y[r] = (float) (2 * size + offsets[color] + 0.1 * random.nextGaussian());
            }
            DatasetSchema schema = new DatasetSchema(
                    Task.REGRESSION,
                    "price",
                    List.of(
                            new Feature("size", Feature.Kind.NUMERIC, null, 5, 2.9, 0, 10),
                            new Feature(
                                    "color",
                                    Feature.Kind.CATEGORICAL,
                                    colors,
                                    Double.NaN,
                                    Double.NaN,
                                    Double.NaN,
                                    Double.NaN)),
                    List.of());
            NetworkSpec network = new NetworkSpec(
                    4,
                    1,
                    Task.REGRESSION,
                    0,
                    List.of(new LayerSpec(16, Activation.RELU, 0.2, false)),
                    DropoutScaling.INVERTED);
            mixedRegression = train(network, training(60), Dataset.regression(rows, 4, x, y), schema, "mixed");
        }
        return mixedRegression;
    }

    private static Trained iris(DatasetProvider datasets, double inputDrop, double hiddenDrop) {
        LoadedDataset iris = datasets.load("iris");
        NetworkSpec network = new NetworkSpec(
                4,
                3,
                Task.CLASSIFICATION,
                inputDrop,
                List.of(new LayerSpec(16, Activation.RELU, hiddenDrop, false)),
                DropoutScaling.INVERTED);
        return train(network, training(40), iris.data(), iris.schema(), "iris");
    }

    private static TrainingSpec training(int epochs) {
        return new TrainingSpec(
                epochs,
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
    }

    private static Trained train(
            NetworkSpec network, TrainingSpec training, Dataset data, DatasetSchema schema, String datasetId) {
        TrainingResult result = new Trainer(network, training).fit(data, TrainingListener.NONE, () -> false);
        return new Trained(result.model(), schema, datasetId, SPEC_JSON, result.bestEpoch(), result.bestMetrics());
    }
}
