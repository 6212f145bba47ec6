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

    NativeBlas() {
        org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
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
