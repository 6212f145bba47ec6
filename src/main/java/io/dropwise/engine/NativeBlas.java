package io.dropwise.engine;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.nio.FloatBuffer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS through JavaCPP (org.bytedeco:openblas); direct buffers are passed by address, never copied. OpenBLAS's
 * own threads are switched off for the whole process: its results change with its thread count, which is one global
 * setting, so concurrent jobs (and /predict) would change each other's bits.
 */
final class NativeBlas implements Blas {

    /** {@link #settle()}'s product: rows, columns and inner size of its (row-major) result, B transposed. */
    static final int[] SETTLING_PRODUCT = {256, 1024, 64};

    NativeBlas() {
        org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        settle();
    }

    /**
     * One product of 256 x 1024 x 64 (about 17 million multiply-adds, 2.6 ms measured), before any other. On a
     * Zen (first generation) EPYC, OpenBLAS 0.3.31 ran every later sgemm of the process 1.4 to 3.5 times slower
     * (256 x 256 x 256: 9 GFLOP/s instead of 30; a 784-1024-1024-10 model's inference 11 instead of 31) until one
     * product with a result of at least about 256 x 384 and an inner size of at least 32 had run, on any thread: the
     * engine's own products (cut into blocks of at most 256 columns) never are one, so a server that only served
     * models, or trained small ones, never got there. The products' bits are the same either way. Measured by {@code
     * io.dropwise.bench.BlasSettleRun}.
     */
    private void settle() {
        int m = SETTLING_PRODUCT[0];
        int n = SETTLING_PRODUCT[1];
        int k = SETTLING_PRODUCT[2];
        FloatBuffer a = direct(m * k);
        FloatBuffer b = direct(n * k);
        FloatBuffer c = direct(m * n);
        sgemm(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n);
    }

    private static FloatBuffer direct(int floats) {
        return java.nio.ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(java.nio.ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    @Override
    public void sgemm(
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
            int ldc) {
        openblas_nolapack.cblas_sgemm(
                CblasRowMajor,
                transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans,
                m,
                n,
                k,
                alpha,
                a,
                lda,
                b,
                ldb,
                beta,
                c,
                ldc);
    }

    @Override
    public void sgemv(
            boolean transA,
            int m,
            int n,
            float alpha,
            FloatBuffer a,
            int lda,
            FloatBuffer x,
            float beta,
            FloatBuffer y) {
        openblas_nolapack.cblas_sgemv(
                CblasRowMajor, transA ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, 1, beta, y, 1);
    }

    @Override
    public void saxpy(int n, float alpha, FloatBuffer x, FloatBuffer y) {
        openblas_nolapack.cblas_saxpy(n, alpha, x, 1, y, 1);
    }

    @Override
    public String name() {
        return "OpenBLAS (org.bytedeco)";
    }
}
