package io.dropwise.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one training step of the reference workload goes (a program, not a test): 784-1024-1024-10, batch 128,
 * dropout 0.2 / 0.5, the service's default optimizer (SGD 0.05, Nesterov 0.9, L2 1e-4, max-norm 3), each part of the
 * step timed alone on the step's own buffers, in alternating rounds; prints the median per part and the whole step.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.engine.StepBreakdown [threads=2] [rounds=7] [cpu=false] [stepOnly=false]
 * </pre>
 */
public final class StepBreakdown {

    private static final int BATCH = 128;

    /** cpu=true: the calling thread's CPU time (meaningful with threads=1), less sensitive to a loaded machine. */
    private static boolean CPU;

    private static final java.lang.management.ThreadMXBean THREAD =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int threads = 2;
        int rounds = 7;
        boolean stepOnly = false;
        for (String a : args) {
            if (a.startsWith("threads=")) {
                threads = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("stepOnly=")) {
                stepOnly = Boolean.parseBoolean(a.substring(9));
            } else if (a.startsWith("cpu=")) {
                CPU = Boolean.parseBoolean(a.substring(4));
            } else if (a.startsWith("rounds=")) {
                rounds = Integer.parseInt(a.substring(7));
            }
        }
        ParallelBlas blas = new ParallelBlas(Blas.get(), threads);
        NetworkSpec spec = EngineProbe.referenceSpec(true);
        Network net = new Network(spec, BATCH, blas);
        net.initialize(new Rng(2));
        Optimizer optimizer = new Optimizer(OptimizerSpec.sgd(0.05, 0.9, true), 0, 1e-4, 3, net.params(), blas);
        int[] labels = new int[BATCH];
        Rng data = new Rng(3);
        for (int i = 0; i < BATCH * 784; i++) {
            net.input.set(i, (float) data.nextGaussian());
        }
        for (int r = 0; r < BATCH; r++) {
            labels[r] = r % 10;
        }
        Rng rng = new Rng(1);
        Map<String, Runnable> parts = new LinkedHashMap<>();
        parts.put("step", () -> {
            net.forwardBackward(BATCH, labels, null, rng);
            optimizer.step(0.05);
        });
        parts.put("forward+loss+backward", () -> net.forwardBackward(BATCH, labels, null, rng));
        parts.put("optimizer", () -> optimizer.step(0.05));
        if (!stepOnly) {
            layerParts(parts, blas, labels);
        }
        List<String> names = new ArrayList<>(parts.keySet());
        double[][] ms = new double[names.size()][rounds];
        for (Runnable r : parts.values()) { // warm-up
            long end = System.nanoTime() + 700_000_000L;
            while (System.nanoTime() < end) {
                r.run();
            }
        }
        System.out.println(
                "load " + load() + ", threads " + threads + (CPU ? ", CPU time of the calling thread" : ", wall time"));
        for (int round = 0; round < rounds; round++) {
            for (int p = 0; p < names.size(); p++) {
                ms[p][round] = window(parts.get(names.get(p)));
            }
        }
        for (int p = 0; p < names.size(); p++) {
            java.util.Arrays.sort(ms[p]);
            double median = ms[p][rounds / 2];
            System.out.printf(Locale.ROOT, "%-34s %8.3f ms  (min %.3f)%n", names.get(p), median, ms[p][0]);
        }
        System.out.println("load " + load());
        blas.close();
    }

    /** The step's parts on layers of the same shapes as the network's (their own buffers, the same calls). */
    private static void layerParts(Map<String, Runnable> parts, Blas blas, int[] labels) {
        Rng rng = new Rng(5);
        Matrix x = Fixtures.gaussian(BATCH * 784, 6);
        Dropout in = new Dropout(0.2, DropoutScaling.INVERTED, BATCH, 784);
        Dense d0 = new Dense(784, 1024, BATCH, false, blas);
        Dropout h0 = new Dropout(0.5, DropoutScaling.INVERTED, BATCH, 1024);
        Dense d1 = new Dense(1024, 1024, BATCH, true, blas);
        Dropout h1 = new Dropout(0.5, DropoutScaling.INVERTED, BATCH, 1024);
        Dense d2 = new Dense(1024, 10, BATCH, true, blas);
        Matrix dz = new Matrix(BATCH, 10);
        Matrix maskIn = new Matrix(BATCH, 784);
        Matrix maskHidden = new Matrix(BATCH, 1024);
        Rng init = new Rng(7);
        d0.initialize(Activation.RELU, init);
        d1.initialize(Activation.RELU, init);
        d2.initialize(Activation.LINEAR, init);
        Matrix g1 = Fixtures.gaussian(BATCH * 1024, 8);
        Matrix g0 = Fixtures.gaussian(BATCH * 1024, 9);
        in.forward(x, BATCH, rng, blas);
        d0.forward(in.out, BATCH);
        h0.forwardRelu(d0.z, BATCH, rng, blas);
        d1.forward(h0.out, BATCH);
        h1.forwardRelu(d1.z, BATCH, rng, blas);
        d2.forward(h1.out, BATCH);
        parts.put("input dropout (mask + multiply)", () -> in.forward(x, BATCH, rng, blas));
        parts.put("  input mask only (drawMask)", () -> Dropout.drawMask(maskIn, BATCH * 784, 13107, 1.25f, rng, blas));
        parts.put("fwd 784->1024 (bias + NT)", () -> d0.forward(in.out, BATCH));
        parts.put("relu+dropout fwd 1024", () -> h0.forwardRelu(d0.z, BATCH, rng, blas));
        parts.put(
                "  hidden mask only (drawMask)",
                () -> Dropout.drawMask(maskHidden, BATCH * 1024, 32768, 2f, rng, blas));
        parts.put("fwd 1024->1024 (bias + NT)", () -> d1.forward(h0.out, BATCH));
        parts.put("relu+dropout fwd 1024 (2)", () -> h1.forwardRelu(d1.z, BATCH, rng, blas));
        parts.put("fwd 1024->10", () -> d2.forward(h1.out, BATCH));
        parts.put("softmax loss", () -> Loss.softmaxCrossEntropy(d2.z, labels, BATCH, dz));
        parts.put("bwd 1024->10 (dW, db, dX)", () -> d2.backward(dz, BATCH));
        parts.put("relu+dropout bwd 1024", () -> h1.backwardRelu(d1.z, g1, BATCH, blas));
        parts.put("bwd 1024->1024 (dW TN, db, dX NN)", () -> d1.backward(g1, BATCH));
        parts.put("relu+dropout bwd 1024 (2)", () -> h0.backwardRelu(d0.z, g0, BATCH, blas));
        parts.put("bwd 784->1024 (dW TN, db)", () -> d0.backward(g0, BATCH));
        // without dropout, ReLU is its own pass (Activations), as in a sweep's no-dropout trial
        Matrix relu = new Matrix(BATCH, 1024);
        parts.put(
                "relu fwd 1024, no dropout",
                () -> Activations.forward(Activation.RELU, d1.z, relu, BATCH * 1024, blas));
        parts.put(
                "relu bwd 1024, no dropout",
                () -> Activations.backward(Activation.RELU, d1.z, relu, g1, BATCH * 1024, blas));
        Matrix v0 = new Matrix(1024, 784);
        Matrix v1 = new Matrix(1024, 1024);
        parts.put("sgd update W 1024x784", () -> SgdUpdate.apply(d0.w, v0, 0.05f, 0.9f, true, 0, 1e-4f, 3, blas));
        parts.put("sgd update W 1024x1024", () -> SgdUpdate.apply(d1.w, v1, 0.05f, 0.9f, true, 0, 1e-4f, 3, blas));
        // the products alone
        parts.put(
                "  gemm fwd 128x1024x784 NT",
                () -> blas.sgemm(
                        false,
                        true,
                        BATCH,
                        1024,
                        784,
                        1f,
                        in.out.data,
                        784,
                        d0.w.value.data,
                        784,
                        1f,
                        d0.z.data,
                        1024));
        parts.put(
                "  gemm fwd 128x1024x1024 NT",
                () -> blas.sgemm(
                        false,
                        true,
                        BATCH,
                        1024,
                        1024,
                        1f,
                        h0.out.data,
                        1024,
                        d1.w.value.data,
                        1024,
                        1f,
                        d1.z.data,
                        1024));
        parts.put(
                "  gemm dW 1024x784x128 TN",
                () -> blas.sgemm(
                        true, false, 1024, 784, BATCH, 1f, g0.data, 1024, in.out.data, 784, 0f, d0.w.grad.data, 784));
        parts.put(
                "  gemm dW 1024x1024x128 TN",
                () -> blas.sgemm(
                        true,
                        false,
                        1024,
                        1024,
                        BATCH,
                        1f,
                        g1.data,
                        1024,
                        h0.out.data,
                        1024,
                        0f,
                        d1.w.grad.data,
                        1024));
        parts.put(
                "  gemm dX 128x1024x1024 NN",
                () -> blas.sgemm(
                        false,
                        false,
                        BATCH,
                        1024,
                        1024,
                        1f,
                        g1.data,
                        1024,
                        d1.w.value.data,
                        1024,
                        0f,
                        d1.dx.data,
                        1024));
    }

    /** Milliseconds per call (wall, or the calling thread's CPU with cpu=true) over at least 150 ms and 10 calls. */
    private static double window(Runnable task) {
        int calls = 0;
        long t0 = CPU ? THREAD.getCurrentThreadCpuTime() : System.nanoTime();
        long elapsed;
        do {
            task.run();
            calls++;
            elapsed = (CPU ? THREAD.getCurrentThreadCpuTime() : System.nanoTime()) - t0;
        } while (calls < 10 || elapsed < 150_000_000L);
        return elapsed / 1e6 / calls;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
