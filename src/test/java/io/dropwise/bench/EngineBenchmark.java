package io.dropwise.bench;

import io.dropwise.engine.Dataset;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.EngineProbe;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.Model;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Engine benchmark (a program that prints one JSON line per figure, not a test) for the reference network
 * 784-1024-1024-10, batch 128, SGD with momentum, float32 ({@code training_default_spec}: with a job's default
 * optimizer instead, Nesterov, L2 and max-norm). Each figure is the median of several timed windows after a warm-up.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.bench.EngineBenchmark [threads=2]
 * </pre>
 */
public final class EngineBenchmark {

    private static final int BATCH = 128;
    private static final int[][] LAYERS = {{784, 1024}, {1024, 1024}, {1024, 10}};

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0].replace("threads=", "")) : 2;
        emit(
                "config",
                "\"blas\":\"" + EngineProbe.blasName() + "\",\"threads\":" + threads + ",\"batch\":" + BATCH
                        + ",\"cores\":" + Runtime.getRuntime().availableProcessors() + ",\"load\":" + load());
        for (int t : new int[] {1, 2}) {
            EngineProbe.setOpenBlasThreads(t);
            openBlasBaseline(t);
        }
        EngineProbe.setOpenBlasThreads(1);
        double productsMillis = engineProducts(threads);
        trainingSteps(productsMillis, threads);
        for (boolean withDropout : new boolean[] {false, true}) {
            EngineProbe probe = new EngineProbe(256, withDropout, threads);
            double ms = medianMillis(probe::step, 5);
            emit(
                    "training_batch256",
                    String.format(
                            Locale.ROOT, "\"dropout\":%s,\"samples_per_second\":%.0f", withDropout, 256 / ms * 1000));
        }
        inference();
        trainerEpoch(threads);
        emit("end", "\"load\":" + load());
    }

    /** The 1-minute load average, so a reader can tell a quiet run from a busy one (-1 where unavailable). */
    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Trainer.fit end to end: one epoch on 8,192 random rows (10% validation) including the dropout-off evaluation. */
    private static void trainerEpoch(int threads) {
        int rows = 8192;
        java.util.Random rng = new java.util.Random(5);
        float[] x = new float[rows * 784];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 10;
        }
        Dataset data = Dataset.classification(rows, 784, x, labels, 10);
        TrainingSpec spec = new TrainingSpec(
                2,
                BATCH,
                OptimizerSpec.sgd(0.01, 0.9, false),
                0,
                0,
                0,
                LearningRateSchedule.constant(),
                0.1,
                EarlyStopping.off(),
                FeatureScaling.STANDARDIZE,
                1,
                0,
                threads);
        TrainingResult result =
                new Trainer(EngineProbe.referenceSpec(true), spec).fit(data, TrainingListener.NONE, () -> false);
        EpochMetrics last = result.history().get(result.history().size() - 1);
        emit(
                "trainer_epoch",
                String.format(
                        Locale.ROOT,
                        "\"dropout\":true,\"rows\":%d,\"epoch_millis\":%d,\"training_samples_per_second\":%.0f",
                        rows,
                        last.epochMillis(),
                        last.samplesPerSecond()));
    }

    /** OpenBLAS's own sgemm, row-major NoTrans·NoTrans on FloatPointer operands, on the same shapes. */
    private static void openBlasBaseline(int threads) {
        for (int[] layer : LAYERS) {
            for (int[] mnk : shapes(layer[0], layer[1])) {
                FloatPointer a = random(mnk[0] * mnk[2]);
                FloatPointer b = random(mnk[2] * mnk[1]);
                FloatPointer c = new FloatPointer((long) mnk[0] * mnk[1]);
                double ms = medianMillis(
                        () -> openblas_nolapack.cblas_sgemm(
                                openblas_nolapack.CblasRowMajor,
                                openblas_nolapack.CblasNoTrans,
                                openblas_nolapack.CblasNoTrans,
                                mnk[0],
                                mnk[1],
                                mnk[2],
                                1f,
                                a,
                                mnk[2],
                                b,
                                mnk[1],
                                0f,
                                c,
                                mnk[1]),
                        20);
                emit(
                        "openblas_sgemm_gflops",
                        String.format(
                                Locale.ROOT,
                                "\"threads\":%d,\"m\":%d,\"n\":%d,\"k\":%d,\"gflops\":%.1f",
                                threads,
                                mnk[0],
                                mnk[1],
                                mnk[2],
                                2.0 * mnk[0] * mnk[1] * mnk[2] / ms / 1e6));
            }
        }
    }

    /** (batch,out)=(batch,in)·Wᵀ, (out,in)=dZᵀ·X, (batch,in)=dZ·W as m, n, k. */
    private static int[][] shapes(int in, int out) {
        return new int[][] {{BATCH, out, in}, {out, in, BATCH}, {BATCH, in, out}};
    }

    /** The engine's products as issued in a step; returns the time of all of them together (one step's worth). */
    private static double engineProducts(int threads) {
        List<EngineProbe.Product> all = new ArrayList<>();
        String[] names = {"forward", "backward_weights", "backward_input"};
        for (int l = 0; l < LAYERS.length; l++) {
            int in = LAYERS[l][0];
            int out = LAYERS[l][1];
            EngineProbe.Product[] products = {
                new EngineProbe.Product(false, true, BATCH, out, in, threads),
                new EngineProbe.Product(true, false, out, in, BATCH, threads),
                new EngineProbe.Product(false, false, BATCH, in, out, threads)
            };
            for (int p = 0; p < 3; p++) {
                if (l == 0 && p == 2) {
                    continue; // the first layer needs no input gradient
                }
                EngineProbe.Product product = products[p];
                double ms = medianMillis(product::run, 20);
                emit(
                        "gemm_gflops",
                        String.format(
                                Locale.ROOT,
                                "\"layer\":\"%dx%d\",\"product\":\"%s\",\"gflops\":%.1f",
                                in,
                                out,
                                names[p],
                                product.flops() / ms / 1e6));
                all.add(product);
            }
        }
        double ms = medianMillis(() -> all.forEach(EngineProbe.Product::run), 10);
        double flops = all.stream().mapToDouble(EngineProbe.Product::flops).sum();
        emit("step_products", String.format(Locale.ROOT, "\"millis\":%.3f,\"gflops\":%.1f", ms, flops / ms / 1e6));
        return ms;
    }

    /**
     * A step without and with dropout, timed in alternating windows so that the other load of a shared machine hits
     * both alike; the overhead is the median of the per-pair ratios.
     */
    private static void trainingSteps(double productsMillis, int threads) {
        EngineProbe[] probes = {
            new EngineProbe(BATCH, false, threads),
            new EngineProbe(BATCH, true, threads),
            new EngineProbe(BATCH, true, threads, true)
        };
        for (EngineProbe probe : probes) {
            medianMillis(probe::step, 10);
        }
        int pairs = 9;
        double[][] windows = new double[3][pairs];
        double[] ratios = new double[pairs];
        double[] defaultSpecRatios = new double[pairs];
        for (int w = 0; w < pairs; w++) {
            for (int d = 0; d < 3; d++) {
                windows[d][w] = windowMillis(probes[d]::step, 10);
            }
            ratios[w] = windows[1][w] / windows[0][w];
            defaultSpecRatios[w] = windows[2][w] / windows[1][w];
        }
        Arrays.sort(windows[2]);
        Arrays.sort(defaultSpecRatios);
        emit(
                "training_default_spec",
                String.format(
                        Locale.ROOT,
                        "\"dropout\":true,\"step_millis\":%.3f,\"samples_per_second\":%.0f,\"over_plain_momentum\":%.3f",
                        windows[2][pairs / 2],
                        BATCH / windows[2][pairs / 2] * 1000,
                        defaultSpecRatios[pairs / 2]));
        for (int d = 0; d < 2; d++) {
            Arrays.sort(windows[d]);
            double ms = windows[d][pairs / 2];
            emit(
                    "training",
                    String.format(
                            Locale.ROOT,
                            "\"dropout\":%s,\"step_millis\":%.3f,\"samples_per_second\":%.0f,\"step_over_products\":%.3f",
                            d == 1,
                            ms,
                            BATCH / ms * 1000,
                            ms / productsMillis));
        }
        Arrays.sort(ratios);
        emit("dropout_overhead", String.format(Locale.ROOT, "\"percent\":%.1f", 100 * (ratios[pairs / 2] - 1)));
    }

    private static void inference() {
        Model model = EngineProbe.referenceModel();
        float[][] one = {random784()};
        for (int i = 0; i < 20_000; i++) {
            model.predict(one);
        }
        long[] samples = new long[20_000];
        for (int i = 0; i < samples.length; i++) {
            long t0 = System.nanoTime();
            model.predict(one);
            samples[i] = System.nanoTime() - t0;
        }
        Arrays.sort(samples);
        emit(
                "inference_batch1",
                String.format(
                        Locale.ROOT,
                        "\"median_us\":%.1f,\"p99_us\":%.1f",
                        samples[samples.length / 2] / 1e3,
                        samples[samples.length * 99 / 100] / 1e3));
        float[][] batch = new float[256][];
        for (int r = 0; r < 256; r++) {
            batch[r] = random784();
        }
        double ms = medianMillis(() -> model.predict(batch), 10);
        emit(
                "inference_batch256",
                String.format(Locale.ROOT, "\"millis\":%.3f,\"samples_per_second\":%.0f", ms, 256 / ms * 1000));
    }

    /** Median over 9 windows of at least 200 ms each (after a 1 s warm-up) of the time per call. */
    private static double medianMillis(Runnable task, int minCallsPerWindow) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            task.run();
        }
        double[] windows = new double[9];
        for (int w = 0; w < windows.length; w++) {
            windows[w] = windowMillis(task, minCallsPerWindow);
        }
        Arrays.sort(windows);
        return windows[windows.length / 2];
    }

    /** Milliseconds per call over a window of at least 200 ms and {@code minCalls} calls. */
    private static double windowMillis(Runnable task, int minCalls) {
        int calls = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            task.run();
            calls++;
            elapsed = System.nanoTime() - t0;
        } while (calls < minCalls || elapsed < 200_000_000L);
        return elapsed / 1e6 / calls;
    }

    private static FloatPointer random(int size) {
        FloatPointer p = new FloatPointer(size);
        java.util.Random rng = new java.util.Random(size);
        for (int i = 0; i < size; i++) {
            p.put(i, (float) rng.nextGaussian());
        }
        return p;
    }

    private static float[] random784() {
        float[] row = new float[784];
        java.util.Random rng = new java.util.Random(7);
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) rng.nextGaussian();
        }
        return row;
    }

    private static void emit(String figure, String fields) {
        System.out.println("{\"figure\":\"" + figure + "\"," + fields + "}");
    }
}
