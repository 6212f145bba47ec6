package io.dropwise.engine;

/** Element-wise activation functions and their derivatives; each backward sits next to its forward. */
final class Activations {

    static final float LEAKY_SLOPE = 0.01f;

    private Activations() {}

    /** a = f(z) over the first n values. */
    static void forward(Activation activation, Matrix z, Matrix a, int n, Blas blas) {
        blas.forEachBlock(n, (from, to) -> forward(activation, z, a, from, to));
    }

    private static void forward(Activation activation, Matrix z, Matrix a, int from, int to) {
        switch (activation) {
            case RELU -> {
                for (int i = from; i < to; i++) {
                    a.set(i, Math.max(z.get(i), 0f));
                }
            }
            case LEAKY_RELU -> {
                for (int i = from; i < to; i++) {
                    float v = z.get(i);
                    a.set(i, Math.max(v, LEAKY_SLOPE * v));
                }
            }
            case ELU -> {
                for (int i = from; i < to; i++) {
                    float v = z.get(i);
                    a.set(i, v > 0f ? v : (float) Math.expm1(v));
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    a.set(i, (float) Math.tanh(z.get(i)));
                }
            }
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    a.set(i, sigmoid(z.get(i)));
                }
            }
            case LINEAR -> a.data.put(from, z.data, from, to - from);
        }
    }

    /** dz = da ⊙ f'(z), written in place into {@code da}; f' is computed from z or from a = f(z). */
    static void backward(Activation activation, Matrix z, Matrix a, Matrix da, int n, Blas blas) {
        blas.forEachBlock(n, (from, to) -> backward(activation, z, a, da, from, to));
    }

    private static void backward(Activation activation, Matrix z, Matrix a, Matrix da, int from, int to) {
        switch (activation) {
            case RELU -> {
                for (int i = from; i < to; i++) {
                    da.set(i, da.get(i) * positive(z.get(i)));
                }
            }
            case LEAKY_RELU -> {
                for (int i = from; i < to; i++) {
                    da.set(i, da.get(i) * (LEAKY_SLOPE + (1 - LEAKY_SLOPE) * positive(z.get(i))));
                }
            }
            case ELU -> {
                for (int i = from; i < to; i++) {
                    if (z.get(i) <= 0f) {
                        da.set(i, da.get(i) * (a.get(i) + 1f));
                    }
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    float t = a.get(i);
                    da.set(i, da.get(i) * (1f - t * t));
                }
            }
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    float s = a.get(i);
                    da.set(i, da.get(i) * s * (1f - s));
                }
            }
            case LINEAR -> {
                // derivative 1
            }
        }
    }

    /**
     * 1 when the sign bit of v is clear (v ≥ +0), else 0: the ReLU derivative without a branch (random signs would
     * mispredict half the time). At exactly +0 it picks the subgradient 1.
     */
    static float positive(float v) {
        return 1 - (Float.floatToRawIntBits(v) >>> 31);
    }

    static float sigmoid(float v) {
        return v >= 0f ? (float) (1.0 / (1.0 + Math.exp(-v))) : (float) (Math.exp(v) / (1.0 + Math.exp(v)));
    }
}
