package io.dropwise.engine;

/** Fused single-pass parameter update loops (one read of w, g and the moments, one write of w and the moments). */
final class Updates {

    private Updates() {}

    /** SGD without max-norm: {@link SgdUpdate#apply} with {@code maxNorm} 0. */
    static void sgd(
            Param p, Matrix velocity, float lr, float momentum, boolean nesterov, float l1, float l2, Blas blas) {
        SgdUpdate.apply(p, velocity, lr, momentum, nesterov, l1, l2, 0, blas);
    }

    static void adam(
            Param p,
            Matrix m,
            Matrix v,
            float b1,
            float b2,
            float stepSize,
            float secondCorrection,
            float epsilon,
            float decay,
            float l1,
            float l2,
            Blas blas) {
        blas.forEachBlock(p.size(), (from, to) -> {
            Matrix w = p.value;
            Matrix g = p.grad;
            float pl1 = p.isWeight ? l1 : 0f;
            float pl2 = p.isWeight ? l2 : 0f;
            for (int i = from; i < to; i++) {
                float wi = w.get(i);
                float gi = g.get(i) + pl2 * wi + pl1 * Math.signum(wi);
                float mi = b1 * m.get(i) + (1f - b1) * gi;
                float vi = b2 * v.get(i) + (1f - b2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                float denominator = (float) Math.sqrt(vi) * secondCorrection + epsilon;
                w.set(i, wi * decay - stepSize * mi / denominator);
            }
        });
    }

    /**
     * Projects each row (a unit's incoming weight vector) whose L2 norm exceeds c back onto the ball of radius c;
     * rows inside the ball are left untouched. A row whose estimated norm is clearly inside is not measured exactly
     * (see {@link SgdUpdate}).
     */
    static void maxNorm(Matrix w, double c, Blas blas) {
        double limit = c * c * (1 - SgdUpdate.MARGIN);
        blas.forEachBlock(w.size(), (from, to) -> {
            float[] scratch = SgdUpdate.scratch();
            for (int r = firstRow(w, from), end = endRow(w, to); r < end; r++) {
                if (SgdUpdate.squaredNormEstimate(w, r, scratch) >= limit) {
                    projectRow(w, r, c);
                }
            }
        });
    }

    /** The first row that starts at or after element {@code from}: a block takes the rows that start inside it. */
    static int firstRow(Matrix w, int from) {
        return (from + w.cols - 1) / w.cols;
    }

    /** The end (exclusive) of the rows that start before element {@code to}. */
    static int endRow(Matrix w, int to) {
        return Math.min(w.rows, (to + w.cols - 1) / w.cols);
    }

    /** Projects row r onto the ball of radius c if its norm (the sequential double sum) exceeds c. */
    static void projectRow(Matrix w, int r, double c) {
        double norm = rowNorm(w, r);
        double factor = c / norm;
        // the scaled row is rounded to float, so its norm can land a few ulps above c (float's relative precision
        // is 2^-24 ≈ 6e-8); aiming 1e-7 inside the ball on a second pass absorbs that rounding, so the loop ends
        // with norm <= c, which the projection promises
        while (norm > c) {
            for (int j = 0; j < w.cols; j++) {
                w.set(r, j, (float) (w.get(r, j) * factor));
            }
            norm = rowNorm(w, r);
            factor = (1 - 1e-7) * c / norm;
        }
    }

    static double rowNorm(Matrix w, int r) {
        double sum = 0;
        int base = r * w.cols;
        for (int j = 0; j < w.cols; j++) {
            double v = w.get(base + j);
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
