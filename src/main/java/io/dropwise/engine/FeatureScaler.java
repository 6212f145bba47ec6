package io.dropwise.engine;

/**
 * Per-feature affine input scaling {@code x' = (x − offset) · scale} fitted on the training rows, plus (regression
 * with scaling on) target standardization {@code t' = (t − targetMean) / targetStd}. A constant feature gets scale 0,
 * so it maps to 0.
 */
final class FeatureScaler {

    final float[] offset;
    final float[] scale;
    final float targetMean;
    final float targetStd;

    FeatureScaler(float[] offset, float[] scale, float targetMean, float targetStd) {
        this.offset = offset;
        this.scale = scale;
        this.targetMean = targetMean;
        this.targetStd = targetStd;
    }

    static FeatureScaler fit(Dataset data, int[] rows, FeatureScaling mode) {
        int f = data.features();
        float[] offset = new float[f];
        float[] scale = new float[f];
        for (int j = 0; j < f; j++) {
            double[] stats = columnStats(data.x(), f, j, rows);
            double mean = stats[0];
            double std = stats[1];
            double min = stats[2];
            double max = stats[3];
            switch (mode) {
                case STANDARDIZE -> {
                    offset[j] = (float) mean;
                    scale[j] = std > 0 ? (float) (1 / std) : 0f;
                }
                case MINMAX -> {
                    offset[j] = (float) min;
                    scale[j] = max > min ? (float) (1 / (max - min)) : 0f;
                }
                case NONE -> scale[j] = 1f;
            }
        }
        if (data.targets() == null || mode == FeatureScaling.NONE) {
            return new FeatureScaler(offset, scale, 0f, 1f);
        }
        double[] t = targetStats(data.targets(), rows);
        return new FeatureScaler(offset, scale, (float) t[0], t[1] > 0 ? (float) t[1] : 1f);
    }

    /** mean, population std, min, max of one column over the given rows. */
    private static double[] columnStats(float[] x, int features, int column, int[] rows) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r : rows) {
            double v = x[r * features + column];
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = rows.length == 0 ? 0 : sum / rows.length;
        double squares = 0;
        for (int r : rows) {
            double d = x[r * features + column] - mean;
            squares += d * d;
        }
        double std = rows.length == 0 ? 0 : Math.sqrt(squares / rows.length);
        return new double[] {mean, std, min, max};
    }

    private static double[] targetStats(float[] targets, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum += targets[r];
        }
        double mean = sum / Math.max(1, rows.length);
        double squares = 0;
        for (int r : rows) {
            squares += (targets[r] - mean) * (targets[r] - mean);
        }
        return new double[] {mean, Math.sqrt(squares / Math.max(1, rows.length))};
    }

    /** {@code (x − offset) · scale} for every feature of {@code row}, into {@code out}. */
    void applyRow(float[] row, float[] out) {
        float[] o = offset;
        float[] s = scale;
        for (int j = 0; j < o.length; j++) {
            out[j] = (row[j] - o[j]) * s[j];
        }
    }

    /** All rows of a dataset, scaled, row-major. */
    float[] scaleAll(float[] x, int rows) {
        int f = offset.length;
        float[] out = new float[rows * f];
        for (int i = 0; i < out.length; i++) {
            int j = i % f;
            out[i] = (x[i] - offset[j]) * scale[j];
        }
        return out;
    }

    float scaleTarget(float t) {
        return (t - targetMean) / targetStd;
    }

    float unscaleTarget(float t) {
        return t * targetStd + targetMean;
    }
}
