package io.dropwise.engine;

/**
 * Output losses, each fused with its output activation and returning the mean loss over the batch while writing the
 * gradient with respect to the pre-activation outputs (already divided by the batch size).
 */
final class Loss {

    private Loss() {}

    /**
     * Softmax + cross-entropy, numerically stable (max subtracted, log-sum-exp). dz = (softmax − onehot) / rows.
     *
     * @param labels class index of each batch row
     */
    static double softmaxCrossEntropy(Matrix logits, int[] labels, int rows, Matrix dz) {
        int k = logits.cols;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits.get(base + j));
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits.get(base + j) - max);
            }
            double logSum = Math.log(sum);
            int label = labels[r];
            total += logSum - (logits.get(base + label) - max);
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logits.get(base + j) - max - logSum);
                dz.set(base + j, (float) ((p - (j == label ? 1 : 0)) / rows));
            }
        }
        return total / rows;
    }

    /** Mean squared error, mean over rows and outputs: dz = 2 (y − t) / (rows · outputs). */
    static double meanSquaredError(Matrix outputs, float[] targets, int rows, Matrix dz) {
        int k = outputs.cols;
        int n = rows * k;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double d = outputs.get(i) - targets[i];
            total += d * d;
            dz.set(i, (float) (2 * d / n));
        }
        return total / n;
    }
}
