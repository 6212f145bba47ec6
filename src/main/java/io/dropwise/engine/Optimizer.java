package io.dropwise.engine;

import java.util.List;

/**
 * Applies one update to every parameter from its gradient, then the max-norm projection.
 *
 * <ul>
 *   <li>Penalties on weights only (not biases, not batch-norm scale/shift): L2 adds {@code l2·w} to the gradient
 *       (loss term {@code l2/2·‖w‖²}), L1 adds {@code l1·sign(w)}.
 *   <li>SGD (PyTorch convention): {@code v = μv + g}; {@code w -= lr·v}, or with Nesterov {@code w -= lr·(g + μv)}.
 *   <li>Adam: bias-corrected moments, {@code w -= lr·m̂/(√v̂ + ε)}. AdamW first decays weights by
 *       {@code lr·weightDecay·w} (decoupled), then takes the Adam step.
 * </ul>
 *
 * <p>Plain SGD with momentum (no Nesterov, no penalty on the parameter) is fused: the dense layer's gradient product
 * accumulates into the velocity ({@code v = μv + g} as one sgemm with β = μ) and the update is one saxpy. Other
 * SGD updates (Nesterov, L1/L2) take one pass per weight row that also projects it ({@link SgdUpdate}).
 */
final class Optimizer {

    private final OptimizerSpec spec;
    private final float l1;
    private final float l2;
    private final double maxNorm;
    private final List<Param> params;
    private final Matrix[] first;
    private final Matrix[] second;
    private final boolean[] fused;
    private final Blas blas;
    private long step;

    Optimizer(OptimizerSpec spec, double l1, double l2, double maxNorm, List<Param> params, Blas blas) {
        this.spec = spec;
        this.blas = blas;
        this.l1 = (float) l1;
        this.l2 = (float) l2;
        this.maxNorm = maxNorm;
        this.params = params;
        this.first = new Matrix[params.size()];
        this.second = new Matrix[params.size()];
        this.fused = new boolean[params.size()];
        boolean adam = spec.type() != OptimizerSpec.Type.SGD;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            first[i] = new Matrix(p.value.rows, p.value.cols);
            second[i] = adam ? new Matrix(p.value.rows, p.value.cols) : null;
            fused[i] = !adam && !spec.nesterov() && p.fusable && (!p.isWeight || l1 == 0 && l2 == 0);
            if (fused[i]) {
                p.accumulateGradientInto(first[i], (float) spec.momentum());
            }
        }
    }

    long stepCount() {
        return step;
    }

    void step(double learningRate) {
        step++;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (!fused[i] && spec.type() == OptimizerSpec.Type.SGD) {
                // the update and the max-norm projection in one pass over each row
                float lr = (float) learningRate;
                SgdUpdate.apply(p, first[i], lr, (float) spec.momentum(), spec.nesterov(), l1, l2, maxNorm, blas);
                continue;
            }
            if (fused[i]) {
                // the backward product already made v = μv + g: w -= lr·v
                blas.saxpy(p.size(), (float) -learningRate, first[i].data, p.value.data);
            } else {
                updateAdam(p, first[i], second[i], learningRate);
            }
            if (p.isWeight && maxNorm > 0) {
                Updates.maxNorm(p.value, maxNorm, blas);
            }
        }
    }

    private void updateAdam(Param p, Matrix m, Matrix v, double learningRate) {
        double b1 = spec.beta1();
        double b2 = spec.beta2();
        float stepSize = (float) (learningRate / (1 - Math.pow(b1, step)));
        float secondCorrection = (float) (1 / Math.sqrt(1 - Math.pow(b2, step)));
        float decay = spec.type() == OptimizerSpec.Type.ADAMW && p.isWeight
                ? (float) (1 - learningRate * spec.weightDecay())
                : 1f;
        Updates.adam(
                p,
                m,
                v,
                (float) b1,
                (float) b2,
                stepSize,
                secondCorrection,
                (float) spec.epsilon(),
                decay,
                l1,
                l2,
                blas);
    }

    /** Moments in parameter order: SGD velocities, or Adam's first then second moments interleaved per parameter. */
    float[][] exportState() {
        boolean adam = second[0] != null;
        float[][] state = new float[params.size() * (adam ? 2 : 1)][];
        for (int i = 0; i < params.size(); i++) {
            state[adam ? 2 * i : i] = first[i].toArray();
            if (adam) {
                state[2 * i + 1] = second[i].toArray();
            }
        }
        return state;
    }

    void importState(float[][] state, long stepCount) {
        boolean adam = second[0] != null;
        if (state.length != params.size() * (adam ? 2 : 1)) {
            throw new IllegalArgumentException(
                    "optimizer state has " + state.length + " tensors, expected " + params.size() * (adam ? 2 : 1));
        }
        for (int i = 0; i < params.size(); i++) {
            first[i].copyFrom(state[adam ? 2 * i : i]);
            if (adam) {
                second[i].copyFrom(state[2 * i + 1]);
            }
        }
        this.step = stepCount;
    }
}
