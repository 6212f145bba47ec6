package io.dropwise.engine;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a step's products fare when cut into 1, 2, 4 or 8 blocks on a team of {@code threads} (a program, not a test;
 * {@link ParallelBlas} cuts the reference shapes into 4): per product and block count the median wall time of
 * alternating rounds and the GFLOP/s, and whether the result's bits are those of one single call (on the reference
 * shapes they were, 2026-12-02: a block count could follow the thread count without changing a bit, as long as that
 * holds). Wall time at 2 threads says nothing on a loaded machine: run it on a quiet one.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.engine.ProductSplits [threads=2] [rounds=7]
 * </pre>
 */
public final class ProductSplits {

    private static final int[] BLOCK_COUNTS = {1, 2, 4, 8};

    /** {transA, transB, m, n, k, beta}: the five big products of the reference step as the engine issues them. */
    private static final Object[][] SHAPES = {
        {"forward 784->1024 NT", false, true, 128, 1024, 784, 1f},
        {"forward 1024->1024 NT", false, true, 128, 1024, 1024, 1f},
        {"dW 784->1024 TN", true, false, 1024, 784, 128, 0f},
        {"dW 1024->1024 TN", true, false, 1024, 1024, 128, 0f},
        {"dX 1024->1024 NN", false, false, 128, 1024, 1024, 0f}
    };

    private ProductSplits() {}

    public static void main(String[] args) {
        int threads = 2;
        int rounds = 7;
        for (String a : args) {
            if (a.startsWith("threads=")) {
                threads = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("rounds=")) {
                rounds = Integer.parseInt(a.substring(7));
            }
        }
        Blas blas = Blas.get();
        Matrix a = Fixtures.gaussian(1024 * 1024, 1);
        Matrix b = Fixtures.gaussian(1024 * 1024, 2);
        List<String> names = new ArrayList<>();
        List<Runnable> products = new ArrayList<>();
        List<Double> flops = new ArrayList<>();
        try (Team team = new Team(threads)) {
            for (Object[] s : SHAPES) {
                long single = 0;
                for (int blocks : BLOCK_COUNTS) {
                    Matrix c = new Matrix(1024, 1024);
                    Runnable product = product(blas, team, s, blocks, a, b, c);
                    c.fill(0f);
                    product.run();
                    long hash = hash(c, (int) s[3] * (int) s[4]);
                    single = blocks == 1 ? hash : single;
                    names.add(String.format(
                            Locale.ROOT, "%-22s %d block(s)%s", s[0], blocks, hash == single ? "" : " (other bits)"));
                    products.add(product);
                    flops.add(2.0 * (int) s[3] * (int) s[4] * (int) s[5]);
                }
            }
            for (Runnable p : products) {
                long end = System.nanoTime() + 200_000_000L;
                while (System.nanoTime() < end) {
                    p.run();
                }
            }
            System.out.println("load " + load() + ", threads " + threads);
            double[][] ms = new double[products.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < products.size(); i++) {
                    ms[i][r] = windowMillis(products.get(i));
                }
            }
            for (int i = 0; i < products.size(); i++) {
                Arrays.sort(ms[i]);
                double median = ms[i][rounds / 2];
                System.out.printf(
                        Locale.ROOT,
                        "%-46s %7.3f ms %6.1f GFLOP/s (best %.1f)%n",
                        names.get(i),
                        median,
                        flops.get(i) / median / 1e6,
                        flops.get(i) / ms[i][0] / 1e6);
            }
            System.out.println("load " + load());
        }
    }

    /** The product cut into {@code blocks} blocks of rows or columns of its result, as ParallelBlas cuts it. */
    private static Runnable product(Blas blas, Team team, Object[] s, int blocks, Matrix a, Matrix b, Matrix c) {
        boolean ta = (boolean) s[1];
        boolean tb = (boolean) s[2];
        int m = (int) s[3];
        int n = (int) s[4];
        int k = (int) s[5];
        float beta = (float) s[6];
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        boolean rows = m >= n;
        int side = rows ? m : n;
        int width = (side + blocks - 1) / blocks;
        return () -> team.run(blocks, block -> {
            int o = block * width;
            int len = Math.min(width, side - o);
            if (rows) {
                FloatBuffer aBlock = ta ? view(a.data, o) : view(a.data, o * lda);
                blas.sgemm(ta, tb, len, n, k, 1f, aBlock, lda, b.data, ldb, beta, view(c.data, o * n), n);
            } else {
                FloatBuffer bBlock = tb ? view(b.data, o * ldb) : view(b.data, o);
                blas.sgemm(ta, tb, m, len, k, 1f, a.data, lda, bBlock, ldb, beta, view(c.data, o), n);
            }
        });
    }

    private static long hash(Matrix c, int size) {
        long h = 1;
        for (int i = 0; i < size; i++) {
            h = h * 31 + Float.floatToRawIntBits(c.get(i));
        }
        return h;
    }

    private static double windowMillis(Runnable task) {
        int calls = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            task.run();
            calls++;
            elapsed = System.nanoTime() - t0;
        } while (calls < 5 || elapsed < 100_000_000L);
        return elapsed / 1e6 / calls;
    }

    private static FloatBuffer view(FloatBuffer buffer, int offset) {
        return buffer.slice(offset, buffer.capacity() - offset);
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
