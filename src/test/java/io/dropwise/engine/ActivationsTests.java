package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The activations run their values through scratch arrays in chunks; each value must get the bits the plain loop over
 * the buffer gives (the reference below: the code before the chunks), for every activation, on sizes around the chunk
 * and block edges, in place and not, on one thread and on a team of two.
 */
class ActivationsTests {

    private static final int[] SIZES = {1, 7, 2047, 2048, 2049, 5000, Blas.ELEMENT_BLOCK + 3, 3 * Blas.ELEMENT_BLOCK};

    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardGivesEachValueTheBitsOfTheElementByElementLoop(Activation activation) {
        try (ParallelBlas team = new ParallelBlas(Blas.get(), 2)) {
            for (Blas blas : new Blas[] {Blas.get(), team}) {
                for (int n : SIZES) {
                    Matrix z = random(n, 1);
                    float[] expected = new float[n];
                    for (int i = 0; i < n; i++) {
                        expected[i] = forward(activation, z.get(i));
                    }
                    Matrix a = new Matrix(1, n + 5);
                    a.set(n, 42f);
                    Activations.forward(activation, z, a, n, blas);
                    assertSameBits(a, expected, activation + " n=" + n);
                    assertThat(a.get(n)).as("beyond n, untouched").isEqualTo(42f);
                    Activations.forward(activation, z, z, n, blas); // in place, as inference does
                    assertSameBits(z, expected, activation + " in place n=" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardGivesEachValueTheBitsOfTheElementByElementLoop(Activation activation) {
        try (ParallelBlas team = new ParallelBlas(Blas.get(), 2)) {
            for (Blas blas : new Blas[] {Blas.get(), team}) {
                for (int n : SIZES) {
                    Matrix z = random(n, 2);
                    Matrix a = new Matrix(1, n);
                    for (int i = 0; i < n; i++) {
                        a.set(i, forward(activation, z.get(i)));
                    }
                    Matrix da = random(n, 3);
                    float[] expected = new float[n];
                    for (int i = 0; i < n; i++) {
                        expected[i] = backward(activation, z.get(i), a.get(i), da.get(i));
                    }
                    Activations.backward(activation, z, a, da, n, blas);
                    assertSameBits(da, expected, activation + " n=" + n);
                }
            }
        }
    }

    /** Gaussian values with the edges mixed in: ±0, ±infinity, NaN, tiny and large magnitudes. */
    private static Matrix random(int n, long seed) {
        Random random = new Random(seed);
        float[] edges = {
            0f,
            -0f,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            1e-30f,
            -1e-30f,
            88.7f,
            -103f,
            1e30f,
            -1e30f
        };
        Matrix m = new Matrix(1, n);
        for (int i = 0; i < n; i++) {
            m.set(
                    i,
                    random.nextInt(16) == 0
                            ? edges[random.nextInt(edges.length)]
                            : (float) (random.nextGaussian() * 4));
        }
        return m;
    }

    private static void assertSameBits(Matrix m, float[] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(m.get(i)) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(what + ": value " + i + " is " + m.get(i) + ", expected " + expected[i]);
            }
        }
    }

    /** The forward of one value as the element-by-element loop computed it. */
    private static float forward(Activation activation, float v) {
        return switch (activation) {
            case RELU -> Math.max(v, 0f);
            case LEAKY_RELU -> Math.max(v, Activations.LEAKY_SLOPE * v);
            case ELU -> v > 0f ? v : (float) Math.expm1(v);
            case TANH -> (float) Math.tanh(v);
            case SIGMOID -> Activations.sigmoid(v);
            case LINEAR -> v;
        };
    }

    /** The backward of one value as the element-by-element loop computed it. */
    private static float backward(Activation activation, float z, float a, float da) {
        return switch (activation) {
            case RELU -> da * Activations.positive(z);
            case LEAKY_RELU -> da * (Activations.LEAKY_SLOPE + (1 - Activations.LEAKY_SLOPE) * Activations.positive(z));
            case ELU -> z <= 0f ? da * (a + 1f) : da;
            case TANH -> da * (1f - a * a);
            case SIGMOID -> da * a * (1f - a);
            case LINEAR -> da;
        };
    }
}
