package io.dropwise.engine;

import java.nio.FloatBuffer;

/**
 * Pure-Java fallback used when native OpenBLAS does not load: blocked loops, single-threaded, a few GFLOP/s.
 * Correct but slow; the order of summation is fixed, so results are deterministic.
 */
final class JavaBlas implements Blas {

    private static final int BLOCK = 64;

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
        float[] row = new float[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0f);
            for (int p0 = 0; p0 < k; p0 += BLOCK) {
                int p1 = Math.min(k, p0 + BLOCK);
                for (int p = p0; p < p1; p++) {
                    float aip = transA ? a.get(p * lda + i) : a.get(i * lda + p);
                    if (aip == 0f) {
                        continue;
                    }
                    accumulateRow(row, aip, b, transB, p, ldb, n);
                }
            }
            for (int j = 0; j < n; j++) {
                float old = beta == 0f ? 0f : beta * c.get(i * ldc + j);
                c.put(i * ldc + j, alpha * row[j] + old);
            }
        }
    }

    private static void accumulateRow(float[] row, float aip, FloatBuffer b, boolean transB, int p, int ldb, int n) {
        if (transB) {
            for (int j = 0; j < n; j++) {
                row[j] += aip * b.get(j * ldb + p);
            }
        } else {
            int base = p * ldb;
            for (int j = 0; j < n; j++) {
                row[j] += aip * b.get(base + j);
            }
        }
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
        int outLen = transA ? n : m;
        int inLen = transA ? m : n;
        for (int o = 0; o < outLen; o++) {
            float sum = 0f;
            for (int i = 0; i < inLen; i++) {
                float aio = transA ? a.get(i * lda + o) : a.get(o * lda + i);
                sum += aio * x.get(i);
            }
            float old = beta == 0f ? 0f : beta * y.get(o);
            y.put(o, alpha * sum + old);
        }
    }

    @Override
    public void saxpy(int n, float alpha, FloatBuffer x, FloatBuffer y) {
        for (int i = 0; i < n; i++) {
            y.put(i, alpha * x.get(i) + y.get(i));
        }
    }

    @Override
    public String name() {
        return "pure Java (fallback)";
    }
}
