package io.dropwise.engine;

/**
 * Loss and accuracy (classification) or RMSE (regression) of a model on a set of rows, dropout off. Losses match the
 * training objective: mean cross-entropy, or mean squared error in target units.
 */
record Evaluation(double loss, double accuracy, double rmse) {

    static final Evaluation NONE = new Evaluation(Double.NaN, Double.NaN, Double.NaN);

    static Evaluation of(Model model, Blas blas, float[] scaledX, Dataset data, int[] rows) {
        if (rows.length == 0) {
            return NONE;
        }
        int k = model.spec.outputSize();
        float[] out = new float[rows.length * k];
        model.predictScaled(blas, scaledX, rows, out);
        return data.labels() != null ? classification(out, k, data.labels(), rows) : regression(out, k, data, rows);
    }

    private static Evaluation classification(float[] probabilities, int k, int[] labels, int[] rows) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < rows.length; i++) {
            int label = labels[rows[i]];
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (probabilities[i * k + j] > probabilities[i * k + best]) {
                    best = j;
                }
            }
            correct += best == label ? 1 : 0;
            loss -= Math.log(Math.max(probabilities[i * k + label], Float.MIN_NORMAL));
        }
        return new Evaluation(loss / rows.length, (double) correct / rows.length, Double.NaN);
    }

    private static Evaluation regression(float[] values, int k, Dataset data, int[] rows) {
        double squares = 0;
        for (int i = 0; i < rows.length; i++) {
            double d = values[i * k] - data.targets()[rows[i]];
            squares += d * d;
        }
        double mse = squares / rows.length;
        return new Evaluation(mse, Double.NaN, Math.sqrt(mse));
    }
}
