package io.dropwise.engine;

/** Compares the network's analytic gradient with central differences of its mean batch loss. */
final class GradientChecker {

    static final double TOLERANCE = 3e-2;
    static final double EPSILON = 3e-3;
    static final double ABSOLUTE_FLOOR = 2e-4;

    private GradientChecker() {}

    /**
     * @param analyticSeed mask seed of the pass whose gradient is checked
     * @param numericSeed mask seed of the finite-difference passes (equal = frozen mask)
     * @return the worst relative error over all parameters
     */
    static double worstError(Network net, GradientCheckTests.Batch batch, long analyticSeed, long numericSeed) {
        float[][] analytic = gradients(net, batch, analyticSeed);
        return compare(net, batch, numericSeed, analytic);
    }

    static double worstErrorWithCorruptedGradient(
            Network net, GradientCheckTests.Batch batch, long seed, float factor) {
        float[][] analytic = gradients(net, batch, seed);
        for (int i = 0; i < analytic[0].length; i++) {
            analytic[0][i] *= factor;
        }
        return compare(net, batch, seed, analytic);
    }

    private static float[][] gradients(Network net, GradientCheckTests.Batch batch, long seed) {
        loss(net, batch, seed);
        float[][] grads = new float[net.params().size()][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = net.params().get(i).grad.toArray();
        }
        return grads;
    }

    private static double compare(Network net, GradientCheckTests.Batch batch, long seed, float[][] analytic) {
        double worst = 0;
        int skipped = 0;
        int total = 0;
        for (int p = 0; p < analytic.length; p++) {
            Matrix value = net.params().get(p).value;
            for (int i = 0; i < value.size(); i++) {
                float original = value.get(i);
                total++;
                value.set(i, (float) (original + EPSILON));
                double plus = loss(net, batch, seed);
                long patternPlus = net.activationPattern(batch.rows());
                value.set(i, (float) (original - EPSILON));
                double minus = loss(net, batch, seed);
                long patternMinus = net.activationPattern(batch.rows());
                value.set(i, original);
                if (patternPlus != patternMinus) {
                    skipped++;
                    continue; // a ReLU-family kink lies between the two points: no derivative to compare with
                }
                double numeric = (plus - minus) / (2 * EPSILON);
                double difference = Math.abs(analytic[p][i] - numeric);
                // float32 rounding of the loss grows with its magnitude
                if (difference > ABSOLUTE_FLOOR * Math.max(1, Math.abs(plus))) {
                    worst = Math.max(worst, difference / (Math.abs(analytic[p][i]) + Math.abs(numeric)));
                }
            }
        }
        if (skipped > total / 5) {
            throw new AssertionError(skipped + " of " + total + " parameters sit at a kink: use another seed");
        }
        return worst;
    }

    private static double loss(Network net, GradientCheckTests.Batch batch, long seed) {
        return net.forwardBackward(batch.rows(), batch.labels(), batch.targets(), new Rng(seed));
    }
}
