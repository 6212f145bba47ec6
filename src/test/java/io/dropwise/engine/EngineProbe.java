package io.dropwise.engine;

import java.util.List;

/** Test-only access to engine internals for the benchmark program (io.dropwise.bench.EngineBenchmark). */
public final class EngineProbe {

    /** One training BLAS per thread count, shared by every probe and product so no idle team competes for cores. */
    private static final java.util.Map<Integer, ParallelBlas> BLAS = new java.util.concurrent.ConcurrentHashMap<>();

    private final ParallelBlas blas;
    private final Network net;
    private final Optimizer optimizer;
    private final int[] labels;
    private final Rng rng = new Rng(1);
    private final int batch;
    private final double learningRate;

    /**
     * The reference network 784-1024-1024-10 (ReLU), SGD with momentum 0.9, optional dropout 0.2 in / 0.5 hidden, its
     * products on {@code threads} threads as in a training run.
     */
    public EngineProbe(int batch, boolean dropout, int threads) {
        this(batch, dropout, threads, false);
    }

    /**
     * With {@code serviceDefaults}, the optimizer of a job's default spec instead: SGD 0.05 with Nesterov momentum
     * 0.9, L2 1e-4, max-norm 3 (the update that is not the fused sgemm + saxpy).
     */
    public EngineProbe(int batch, boolean dropout, int threads, boolean serviceDefaults) {
        this.batch = batch;
        this.learningRate = serviceDefaults ? 0.05 : 0.01;
        NetworkSpec spec = referenceSpec(dropout);
        this.blas = blas(threads);
        this.net = new Network(spec, batch, blas);
        net.initialize(new Rng(2));
        this.optimizer = serviceDefaults
                ? new Optimizer(OptimizerSpec.sgd(0.05, 0.9, true), 0, 1e-4, 3, net.params(), blas)
                : new Optimizer(OptimizerSpec.sgd(0.01, 0.9, false), 0, 0, 0, net.params(), blas);
        this.labels = new int[batch];
        Rng data = new Rng(3);
        for (int i = 0; i < batch * 784; i++) {
            net.input.set(i, (float) data.nextGaussian());
        }
        for (int r = 0; r < batch; r++) {
            labels[r] = r % 10;
        }
    }

    public static NetworkSpec referenceSpec(boolean dropout) {
        double hidden = dropout ? 0.5 : 0;
        return new NetworkSpec(
                784,
                10,
                Task.CLASSIFICATION,
                dropout ? 0.2 : 0,
                List.of(
                        new LayerSpec(1024, Activation.RELU, hidden, false),
                        new LayerSpec(1024, Activation.RELU, hidden, false)),
                DropoutScaling.INVERTED);
    }

    /** One training step: forward, loss, backward, SGD update. */
    public double step() {
        double loss = net.forwardBackward(batch, labels, null, rng);
        optimizer.step(learningRate);
        return loss;
    }

    /** A model of the reference network with random weights and identity scaling. */
    public static Model referenceModel() {
        Network net = new Network(referenceSpec(true), 1, Blas.get());
        net.initialize(new Rng(4));
        float[] ones = new float[784];
        java.util.Arrays.fill(ones, 1f);
        return new Model(referenceSpec(true), new FeatureScaler(new float[784], ones, 0, 1), net.exportState());
    }

    /** A matrix product as the engine issues it in training, on off-heap operands of the right shapes. */
    public static final class Product {
        private final boolean transA;
        private final boolean transB;
        private final int m;
        private final int n;
        private final int k;
        private final Matrix a;
        private final Matrix b;
        private final Matrix c;
        private final ParallelBlas blas;

        public Product(boolean transA, boolean transB, int m, int n, int k, int threads) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.a = Fixtures.gaussian(m * k, m * k);
            this.b = Fixtures.gaussian(k * n, k * n);
            this.c = new Matrix(m, n);
            this.blas = blas(threads);
        }

        public void run() {
            blas.sgemm(transA, transB, m, n, k, 1f, a.data, transA ? m : k, b.data, transB ? k : n, 0f, c.data, n);
        }

        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    /**
     * Sets OpenBLAS's own (process-wide) thread count, for measuring OpenBLAS's threaded sgemm as a baseline; the
     * engine itself always calls OpenBLAS single-threaded, so set it back to 1 before measuring the engine.
     */
    public static void setOpenBlasThreads(int threads) {
        Blas.get();
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
    }

    private static ParallelBlas blas(int threads) {
        return BLAS.computeIfAbsent(threads, t -> new ParallelBlas(Blas.get(), t));
    }

    /**
     * How many threads of the shared inference team ({@code Model.predict} in serving and batch scoring) take part in
     * the next products: 1 up to its size (min(4, cores)). Bits never change with it.
     */
    public static void inferenceThreads(int threads) {
        ParallelBlas.inference().threads(threads);
    }

    /** The product {@code NativeBlas} runs once when it loads: rows, columns, inner size (B transposed). */
    public static int[] settlingProduct() {
        return NativeBlas.SETTLING_PRODUCT.clone();
    }

    public static String blasName() {
        return Blas.get().name();
    }
}
