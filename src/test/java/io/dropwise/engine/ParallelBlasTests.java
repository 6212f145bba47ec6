package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The training BLAS: split products equal the reference and have the same bits on any number of threads. */
class ParallelBlasTests {

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @CsvSource({
        "false,true,128,1000,100", // forward: columns split (n > m), 1000 is no multiple of the block
        "true,false,700,300,64", // weight gradient: rows split (m > n)
        "false,false,96,777,50", // input gradient
        "true,true,555,129,40",
        "false,false,40,40,40" // too small to split: one call
    })
    void splitProductsMatchTheReferenceWithTheSameBitsOnAnyThreadCount(
            boolean transA, boolean transB, int m, int n, int k) {
        Matrix a = Fixtures.gaussian(m * k, 1);
        Matrix b = Fixtures.gaussian(k * n, 2);
        Matrix c0 = Fixtures.gaussian(m * n, 3);
        Matrix[] results = new Matrix[3];
        for (int threads = 1; threads <= 3; threads++) {
            Matrix c = new Matrix(m, n);
            c.copyFrom(c0);
            try (ParallelBlas blas = new ParallelBlas(Blas.get(), threads)) {
                for (int repeat = 0; repeat < 3; repeat++) { // β = 0.5 accumulates: three calls compound any error
                    blas.sgemm(
                            transA,
                            transB,
                            m,
                            n,
                            k,
                            0.25f,
                            a.data,
                            transA ? m : k,
                            b.data,
                            transB ? k : n,
                            0.5f,
                            c.data,
                            n);
                }
            }
            results[threads - 1] = c;
        }
        assertThat(results[1].toArray()).isEqualTo(results[0].toArray());
        assertThat(results[2].toArray()).isEqualTo(results[0].toArray());
        for (int i = 0; i < m; i += 7) {
            for (int j = 0; j < n; j += 5) {
                double product = 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a.get(p * m + i) : a.get(i * k + p);
                    double bpj = transB ? b.get(j * k + p) : b.get(p * n + j);
                    product += aip * bpj;
                }
                double expected = c0.get(i * n + j);
                for (int repeat = 0; repeat < 3; repeat++) {
                    expected = 0.25 * product + 0.5 * expected;
                }
                assertThat((double) results[0].get(i * n + j)).isCloseTo(expected, Offset.offset(1e-4));
            }
        }
    }

    @ParameterizedTest(name = "transA={0}")
    @CsvSource({"false", "true"})
    void splitMatrixVectorProductsMatchTheReferenceWithTheSameBitsOnAnyThreadCount(boolean transA) {
        int m = 700;
        int n = 600;
        Matrix a = Fixtures.gaussian(m * n, 6);
        Matrix x = Fixtures.gaussian(Math.max(m, n), 7);
        Matrix y0 = Fixtures.gaussian(Math.max(m, n) + 1, 8);
        int length = transA ? n : m;
        float[][] results = new float[3][];
        for (int threads = 1; threads <= 3; threads++) {
            Matrix y = new Matrix(1, y0.size());
            y.copyFrom(y0);
            try (ParallelBlas blas = new ParallelBlas(Blas.get(), threads)) {
                blas.sgemv(transA, m, n, 0.5f, a.data, n, x.data, 0.25f, y.data);
            }
            results[threads - 1] = y.toArray();
        }
        assertThat(results[1]).isEqualTo(results[0]);
        assertThat(results[2]).isEqualTo(results[0]);
        for (int o = 0; o < length; o += 3) {
            double sum = 0;
            for (int i = 0; i < (transA ? m : n); i++) {
                sum += (double) (transA ? a.get(i * n + o) : a.get(o * n + i)) * x.get(i);
            }
            assertThat((double) results[0][o]).isCloseTo(0.5 * sum + 0.25 * y0.get(o), Offset.offset(1e-4));
        }
        assertThat(results[0][length])
                .as("beyond y's length nothing is written")
                .isEqualTo(y0.get(length));
    }

    @Test
    void splitSaxpyHasTheSameBitsOnAnyThreadCount() {
        int n = 3 * ParallelBlas.SAXPY_BLOCK + 17;
        Matrix x = Fixtures.gaussian(n, 4);
        Matrix y0 = Fixtures.gaussian(n, 5);
        float[][] results = new float[3][];
        for (int threads = 1; threads <= 3; threads++) {
            Matrix y = new Matrix(1, n);
            y.copyFrom(y0);
            try (ParallelBlas blas = new ParallelBlas(Blas.get(), threads)) {
                blas.saxpy(n, -0.3f, x.data, y.data);
            }
            results[threads - 1] = y.toArray();
        }
        assertThat(results[1]).isEqualTo(results[0]);
        assertThat(results[2]).isEqualTo(results[0]);
        for (int i = 0; i < n; i += 101) {
            assertThat((double) results[0][i]).isCloseTo(y0.get(i) - 0.3 * x.get(i), Offset.offset(1e-6));
        }
    }

    /** Thousands of back-to-back runs of varying size: every task of every run runs exactly once. */
    @Test
    void aTeamRunsEveryTaskOfEveryRunExactlyOnce() {
        try (Team team = new Team(3)) {
            for (int run = 0; run < 5_000; run++) {
                int tasks = 1 + run % 9;
                AtomicIntegerArray counts = new AtomicIntegerArray(tasks);
                team.run(tasks, counts::incrementAndGet);
                for (int t = 0; t < tasks; t++) {
                    assertThat(counts.get(t)).as("run %d task %d", run, t).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aFailingTaskFailsTheRunAndTheTeamGoesOn() {
        try (Team team = new Team(2)) {
            assertThatThrownBy(() -> team.run(4, t -> {
                        if (t == 2) {
                            throw new IllegalStateException("task 2 failed");
                        }
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("task 2 failed");
            AtomicIntegerArray counts = new AtomicIntegerArray(4);
            team.run(4, counts::incrementAndGet);
            assertThat(counts.toString()).isEqualTo("[1, 1, 1, 1]");
        }
    }

    /** A team whose active thread count changes between runs (as a job's share does) still runs every task once. */
    @Test
    void aTeamResizedBetweenRunsRunsEveryTaskOnceAndParksWhatItDoesNotUse() {
        try (Team team = new Team(3)) {
            for (int run = 0; run < 3_000; run++) {
                team.activate(1 + run % 4); // 4 is clamped to the team's 3
                assertThat(team.active()).isBetween(1, 3);
                int tasks = 1 + run % 7;
                AtomicIntegerArray counts = new AtomicIntegerArray(tasks);
                team.run(tasks, counts::incrementAndGet);
                for (int t = 0; t < tasks; t++) {
                    assertThat(counts.get(t)).as("run %d task %d", run, t).isEqualTo(1);
                }
            }
            team.activate(1);
            java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            team.run(16, t -> threads.add(Thread.currentThread().getName()));
            assertThat(threads)
                    .as("one active thread: the caller alone")
                    .containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void usefulThreadsFollowTheLargestSplitProduct() {
        assertThat(Trainer.usefulThreads(EngineProbe.referenceSpec(true), 128))
                .as("784-1024-1024-10 at batch 128: 1,024 columns in blocks of 256")
                .isEqualTo(4);
        NetworkSpec small = Fixtures.classifier(
                64, 10, 0.2, DropoutScaling.INVERTED, new LayerSpec(64, Activation.RELU, 0.5, false));
        assertThat(Trainer.usefulThreads(small, 32)).as("too small to split").isEqualTo(1);
    }
}
