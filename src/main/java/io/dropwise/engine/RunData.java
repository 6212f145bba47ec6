package io.dropwise.engine;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The fixed inputs of a run, derived deterministically from the specs, the data and the seed: the split, the fitted
 * scaler, the scaled rows, and the per-batch label/target buffers. Recomputed identically on resume.
 */
final class RunData {

    final NetworkSpec networkSpec;
    final TrainingSpec trainingSpec;
    final Dataset data;
    final DataSplit split;
    final FeatureScaler scaler;
    final long fingerprint;
    final int[] batchLabels;
    final float[] batchTargets;
    private final float[] scaledX;
    private final float[] scaledTargets;
    private final int[] trainSample;
    private double samplesPerSecond = Double.NaN;
    private long trainingNanos;

    private RunData(NetworkSpec networkSpec, TrainingSpec trainingSpec, Dataset data, DataSplit split) {
        this.networkSpec = networkSpec;
        this.trainingSpec = trainingSpec;
        this.data = data;
        this.split = split;
        this.scaler = FeatureScaler.fit(data, split.train(), trainingSpec.featureScaling());
        this.scaledX = scaler.scaleAll(data.x(), data.rows());
        this.fingerprint = fingerprint(data);
        this.trainSample = sample(split.train(), EpochMetrics.TRAIN_METRICS_ROWS);
        int maxBatch = trainingSpec.batchSize();
        this.batchLabels = data.labels() != null ? new int[maxBatch] : null;
        this.batchTargets = data.targets() != null ? new float[maxBatch] : null;
        this.scaledTargets = data.targets() != null ? new float[data.rows()] : null;
        for (int r = 0; scaledTargets != null && r < data.rows(); r++) {
            scaledTargets[r] = scaler.scaleTarget(data.targets()[r]);
        }
    }

    /** @param validationRows the rows to validate on (every other row trains); null: the spec's seeded split */
    static RunData prepare(
            NetworkSpec networkSpec, TrainingSpec trainingSpec, Dataset data, Rng splitRng, int[] validationRows) {
        Specs.validate(networkSpec, trainingSpec, data);
        DataSplit split = validationRows != null
                ? DataSplit.explicit(data.rows(), validationRows)
                : DataSplit.of(data, trainingSpec.validationFraction(), splitRng);
        Specs.require(
                split.train().length >= 2 || networkSpec.hiddenLayers().stream().noneMatch(LayerSpec::batchNorm),
                "batch norm needs at least 2 training rows, the split leaves " + split.train().length);
        return new RunData(networkSpec, trainingSpec, data, split);
    }

    /** CRC32 over the shape, the features and the labels or targets: detects resuming on different data. */
    private static long fingerprint(Dataset data) {
        CRC32 crc = new CRC32();
        int[] labels = data.labels() == null ? new int[0] : data.labels();
        float[] targets = data.targets() == null ? new float[0] : data.targets();
        ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * (data.x().length + labels.length + targets.length));
        bytes.putInt(data.rows()).putInt(data.features());
        bytes.asFloatBuffer().put(data.x());
        bytes.position(bytes.position() + 4 * data.x().length);
        bytes.asIntBuffer().put(labels);
        bytes.position(bytes.position() + 4 * labels.length);
        bytes.asFloatBuffer().put(targets);
        crc.update(bytes.array());
        return crc.getValue();
    }

    int batchesPerEpoch() {
        int n = split.train().length;
        return (n + trainingSpec.batchSize() - 1) / trainingSpec.batchSize();
    }

    /** Copies batch {@code b} of the epoch's order into the network input and the label/target buffers. */
    int loadBatch(Matrix input, int[] order, int b) {
        int bs = trainingSpec.batchSize();
        int from = b * bs;
        int rows = Math.min(bs, order.length - from);
        int f = data.features();
        for (int r = 0; r < rows; r++) {
            int row = order[from + r];
            input.data.put(r * f, scaledX, row * f, f);
            if (batchLabels != null) {
                batchLabels[r] = data.labels()[row];
            } else {
                batchTargets[r] = scaledTargets[row];
            }
        }
        return rows;
    }

    double learningRate(int epochIndex) {
        return LearningRates.at(
                trainingSpec.schedule(), trainingSpec.optimizer().learningRate(), epochIndex, trainingSpec.epochs());
    }

    /** All of {@code rows} up to {@code most}, else {@code most} of them spread evenly (no randomness). */
    static int[] sample(int[] rows, int most) {
        if (rows.length <= most) {
            return rows;
        }
        int[] picked = new int[most];
        for (int i = 0; i < most; i++) {
            picked[i] = rows[(int) ((long) i * rows.length / most)];
        }
        return picked;
    }

    void recordThroughput(int samples, long nanos) {
        samplesPerSecond = nanos > 0 ? samples * 1e9 / nanos : Double.NaN;
        trainingNanos = nanos;
    }

    /**
     * @param startedNanos when the epoch started
     * @param evaluationStarted when its evaluation started (the weights exported into the model included)
     */
    EpochMetrics metrics(Model model, Blas blas, int epoch, long startedNanos, long evaluationStarted) {
        Evaluation train = Evaluation.of(model, blas, scaledX, data, trainSample);
        Evaluation validation = Evaluation.of(model, blas, scaledX, data, split.validation());
        long now = System.nanoTime();
        long millis = (now - startedNanos) / 1_000_000;
        return new EpochMetrics(
                epoch,
                train.loss(),
                train.accuracy(),
                validation.loss(),
                validation.accuracy(),
                validation.rmse(),
                validation.loss() - train.loss(),
                learningRate(epoch - 1),
                millis,
                samplesPerSecond,
                trainingNanos / 1_000_000,
                (now - evaluationStarted) / 1_000_000);
    }

    /** The early-stopping score of an epoch, lower is better; NaN without a validation split. */
    double score(EpochMetrics metrics) {
        if (split.validation().length == 0) {
            return Double.NaN;
        }
        EarlyStopping es = trainingSpec.earlyStopping();
        boolean accuracy = es != null && es.metric() == EarlyStopping.Metric.VALIDATION_ACCURACY;
        double score = accuracy ? -metrics.validationAccuracy() : metrics.validationLoss();
        return Double.isNaN(score) ? Double.POSITIVE_INFINITY : score; // a diverged epoch is never the best
    }
}
