package io.dropwise.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import io.dropwise.engine.EngineProbe;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * A measuring program, not a test: what the product {@code NativeBlas} runs when it loads changes. In this JVM,
 * OpenBLAS is loaded directly (the engine, which would settle it at once, is not used), single-threaded as the engine
 * keeps it, and the engine's products are timed: row-major, B transposed, as its dense layers issue them on a 256-row
 * chunk (digits' 64-unit layers; blocks of 256 columns of the 784-1024-1024-10 network's layers, as {@code
 * ParallelBlas} cuts them). GFLOP/s, medians of 5 half-second windows; then the settling product once; then the same
 * figures again, and whether each product's bits stayed the same. Run it in a fresh JVM, on the machine in question.
 *
 * <p>With the argument {@code peak} it prints instead what OpenBLAS reaches at its best on this machine: square
 * products of 1,024 to 3,072 on 1 thread and on every core (as many OpenBLAS threads as processors), and what that
 * peak allows the 784-1024-1024-10 reference network (3.72 MFLOP a row): an upper bound for any path that computes a
 * row's probabilities with these products, a batch included.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.dropwise.bench.BlasSettleRun [peak]
 * </pre>
 */
public final class BlasSettleRun {

    /** Rows, columns, inner size. */
    private static final int[][] SHAPES = {
        {256, 64, 64}, {256, 10, 64}, {256, 256, 256}, {256, 256, 784}, {256, 256, 1024}
    };

    private BlasSettleRun() {}

    public static void main(String[] args) {
        org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
        if (args.length > 0 && args[0].equals("peak")) {
            peak();
            return;
        }
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        Random random = new Random(1);
        List<FloatBuffer[]> operands = new ArrayList<>();
        for (int[] s : SHAPES) {
            operands.add(
                    new FloatBuffer[] {gaussian(s[0] * s[2], random), gaussian(s[1] * s[2], random), direct(s[0] * s[1])
                    });
        }
        double[] before = new double[SHAPES.length];
        float[][] bits = new float[SHAPES.length][];
        for (int i = 0; i < SHAPES.length; i++) {
            before[i] = gflops(SHAPES[i], operands.get(i));
            bits[i] = copy(operands.get(i)[2]);
        }
        int[] settle = EngineProbe.settlingProduct();
        long t0 = System.nanoTime();
        product(settle, new FloatBuffer[] {
            direct(settle[0] * settle[2]), direct(settle[1] * settle[2]), direct(settle[0] * settle[1])
        });
        double settleMillis = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < SHAPES.length; i++) {
            double after = gflops(SHAPES[i], operands.get(i));
            boolean same = Arrays.equals(bits[i], copy(operands.get(i)[2]));
            System.out.printf(
                    Locale.ROOT,
                    "SUMMARY %s: %.1f GFLOP/s before the settling product, %.1f after (x%.2f); same bits: %s%n",
                    Arrays.toString(SHAPES[i]),
                    before[i],
                    after,
                    after / before[i],
                    same);
        }
        System.out.printf(
                Locale.ROOT,
                "SUMMARY the settling product %s took %.1f ms; load average %s%n",
                Arrays.toString(settle),
                settleMillis,
                BatchBenchmark.load());
    }

    /** OpenBLAS's best on square products, 1 thread and every core, and the reference network's rows/s it allows. */
    private static void peak() {
        int cores = Runtime.getRuntime().availableProcessors();
        // multiply-adds of a 784-1024-1024-10 row, two flops each
        double flopsPerRow = 2.0 * (784 * 1024 + 1024 * 1024 + 1024 * 10);
        Random random = new Random(1);
        for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
            double best = 0;
            for (int n : new int[] {1024, 2048, 3072}) {
                int[] shape = {n, n, n};
                double g = gflops(
                        shape, new FloatBuffer[] {gaussian(n * n, random), gaussian(n * n, random), direct(n * n)});
                best = Math.max(best, g);
                System.out.printf(Locale.ROOT, "%d thread(s), %d^3: %.1f GFLOP/s%n", threads, n, g);
            }
            System.out.printf(
                    Locale.ROOT,
                    "SUMMARY OpenBLAS peak on %d thread(s): %.1f GFLOP/s = at most %.0f rows/s of 784-1024-1024-10"
                            + " (%.2f MFLOP a row); load average %s%n",
                    threads,
                    best,
                    best * 1e9 / flopsPerRow,
                    flopsPerRow / 1e6,
                    BatchBenchmark.load());
        }
    }

    private static double gflops(int[] s, FloatBuffer[] abc) {
        for (int i = 0; i < 3; i++) {
            product(s, abc);
        }
        double[] windows = new double[5];
        for (int w = 0; w < windows.length; w++) {
            long t0 = System.nanoTime();
            int calls = 0;
            while (System.nanoTime() - t0 < 500_000_000L) {
                product(s, abc);
                calls++;
            }
            windows[w] = calls * 2.0 * s[0] * s[1] * s[2] / (System.nanoTime() - t0);
        }
        Arrays.sort(windows);
        return windows[windows.length / 2];
    }

    private static void product(int[] s, FloatBuffer[] abc) {
        openblas_nolapack.cblas_sgemm(
                CblasRowMajor,
                CblasNoTrans,
                CblasTrans,
                s[0],
                s[1],
                s[2],
                1f,
                abc[0],
                s[2],
                abc[1],
                s[2],
                0f,
                abc[2],
                s[1]);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    private static FloatBuffer gaussian(int floats, Random random) {
        FloatBuffer b = direct(floats);
        for (int i = 0; i < floats; i++) {
            b.put(i, (float) random.nextGaussian());
        }
        return b;
    }

    private static float[] copy(FloatBuffer b) {
        float[] values = new float[b.capacity()];
        b.get(0, values);
        return values;
    }
}
