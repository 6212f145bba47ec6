package io.dropwise.engine;

import java.nio.FloatBuffer;

/**
 * The few row-major BLAS operations the engine needs. {@link #get()} returns native OpenBLAS when it loads, else a
 * pure-Java fallback (logged once as a warning); either computes each call on the calling thread alone (training
 * spreads a product over threads itself, see {@link ParallelBlas}). Operands are direct buffers read from index 0.
 */
interface Blas {

    /** C(m,n) = alpha * op(A) * op(B) + beta * C, all row-major; op(A) is (m,k), op(B) is (k,n). */
    void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            FloatBuffer a,
            int lda,
            FloatBuffer b,
            int ldb,
            float beta,
            FloatBuffer c,
            int ldc);

    /** y(m) = alpha * A(m,n) * x + beta * y, or with A transposed y(n) = alpha * Aᵀ * x + beta * y. */
    void sgemv(
            boolean transA,
            int m,
            int n,
            float alpha,
            FloatBuffer a,
            int lda,
            FloatBuffer x,
            float beta,
            FloatBuffer y);

    /** y = alpha * x + y over the first n values. */
    void saxpy(int n, float alpha, FloatBuffer x, FloatBuffer y);

    /**
     * Runs an element-wise loop over [0, n) as {@code body.run(from, to)} calls on blocks that start at multiples of
     * {@link #ELEMENT_BLOCK}; the body must write only its own range. Here, one call on the calling thread; a
     * {@link ParallelBlas} spreads the blocks over its threads.
     */
    default void forEachBlock(int n, Range body) {
        body.run(0, n);
    }

    /** Values per block of {@link #forEachBlock} (a multiple of 4: dropout draws four masks per random word). */
    int ELEMENT_BLOCK = 1 << 14;

    /** A loop body over [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    String name();

    static Blas get() {
        return BlasHolder.INSTANCE;
    }

    /** Loads native BLAS once per process. */
    final class BlasHolder {

        static final Blas INSTANCE = load();

        private BlasHolder() {}

        private static Blas load() {
            if (Boolean.getBoolean("dropwise.engine.javaBlas")) {
                return new JavaBlas();
            }
            try {
                return new NativeBlas();
            } catch (LinkageError | RuntimeException e) {
                System.getLogger("io.dropwise.engine")
                        .log(
                                System.Logger.Level.WARNING,
                                "native OpenBLAS did not load (" + e + "); training uses the pure-Java fallback, "
                                        + "whose matrix products are 20-80x slower");
                return new JavaBlas();
            }
        }
    }
}
