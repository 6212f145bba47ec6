package io.dropwise.engine;

import java.nio.FloatBuffer;

/**
 * The engine's BLAS for training (a team per run) and inference (one shared team, {@link #inference()}): a large
 * product is cut into blocks of rows or columns of its result (the longer side, blocks of about
 * {@link #TARGET_BLOCK} rows or columns, multiples of 16), saxpy into blocks of {@link #SAXPY_BLOCK} values and
 * element-wise loops into blocks of {@link Blas#ELEMENT_BLOCK}; the blocks run on a {@link Team} of threads, each
 * block one single-threaded call of the underlying BLAS. The cut depends only on the shapes, never on the thread
 * count, and no block sums over another's terms, so a run gives the same bits on 1, 2 or 8 threads. (OpenBLAS's own
 * threading does not: on Zen it changes the last bits of a product with its thread count, and that count is one
 * setting for the whole process.)
 *
 * <p>A block's operands are views of the caller's buffers (a few small objects per product); no value is copied.
 */
final class ParallelBlas implements Blas, AutoCloseable {

    /** Rows or columns per block, roughly: wide enough for full-speed kernels, narrow enough to balance threads. */
    static final int TARGET_BLOCK = 256;

    /** Values per saxpy block. */
    static final int SAXPY_BLOCK = 1 << 16;

    /** Products below this many multiply-adds run as one call: splitting them costs more than it saves. */
    static final long MIN_SPLIT_WORK = 1L << 21;

    /** The same for matrix-vector products, which are bound by reading the matrix. */
    static final long MIN_SPLIT_GEMV_WORK = 1L << 18;

    private final Blas blas;
    private final Team team;

    ParallelBlas(Blas blas, int threads) {
        this.blas = blas;
        this.team = new Team(threads);
    }

    /** Sets how many of the team's threads take part in the next products (1 .. its size); bits never change. */
    void threads(int threads) {
        team.activate(threads);
    }

    /** The threads taking part now. */
    int threads() {
        return team.active();
    }

    /**
     * How many blocks the largest of these products is cut into: more threads than that would find nothing to do in
     * a product. Each product is {@code {m, n, k}}.
     */
    static int maxBlocks(int[]... products) {
        int most = 1;
        for (int[] p : products) {
            int side = Math.max(p[0], p[1]);
            int width = blockWidth(side);
            if (width < side && (long) p[0] * p[1] * p[2] >= MIN_SPLIT_WORK) {
                most = Math.max(most, (side + width - 1) / width);
            }
        }
        return most;
    }

    /** The process's inference BLAS: one team for every model; a caller that finds it busy computes alone. */
    static ParallelBlas inference() {
        return Inference.INSTANCE;
    }

    /**
     * The same blocks, all run on the calling thread (a team of one, which has no helper thread): the same bits as
     * {@link #inference()}, for callers that each keep one core busy. Shared by every thread; it holds no state.
     */
    static ParallelBlas alone() {
        return Alone.INSTANCE;
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
        int side = Math.max(m, n);
        int width = blockWidth(side);
        if (width == side || (long) m * n * k < MIN_SPLIT_WORK) {
            blas.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        int count = (side + width - 1) / width;
        if (m >= n) {
            // rows i0.. of C and of op(A): with A stored (m, k) they start at row i0, stored (k, m) at column i0
            team.run(count, block -> {
                int i0 = block * width;
                FloatBuffer aBlock = transA ? view(a, i0) : view(a, i0 * lda);
                blas.sgemm(
                        transA,
                        transB,
                        Math.min(width, m - i0),
                        n,
                        k,
                        alpha,
                        aBlock,
                        lda,
                        b,
                        ldb,
                        beta,
                        view(c, i0 * ldc),
                        ldc);
            });
        } else {
            // columns j0.. of C and of op(B): with B stored (k, n) they start at column j0, stored (n, k) at row j0
            team.run(count, block -> {
                int j0 = block * width;
                FloatBuffer bBlock = transB ? view(b, j0 * ldb) : view(b, j0);
                blas.sgemm(
                        transA,
                        transB,
                        m,
                        Math.min(width, n - j0),
                        k,
                        alpha,
                        a,
                        lda,
                        bBlock,
                        ldb,
                        beta,
                        view(c, j0),
                        ldc);
            });
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
        int side = transA ? n : m; // the length of y
        int width = blockWidth(side);
        if (width == side || (long) m * n < MIN_SPLIT_GEMV_WORK) {
            blas.sgemv(transA, m, n, alpha, a, lda, x, beta, y);
            return;
        }
        team.run((side + width - 1) / width, block -> {
            int o0 = block * width;
            int length = Math.min(width, side - o0);
            if (transA) { // y(o0..) = A(:, o0..)ᵀ · x
                blas.sgemv(true, m, length, alpha, view(a, o0), lda, x, beta, view(y, o0));
            } else { // y(o0..) = A(o0.., :) · x
                blas.sgemv(false, length, n, alpha, view(a, o0 * lda), lda, x, beta, view(y, o0));
            }
        });
    }

    @Override
    public void saxpy(int n, float alpha, FloatBuffer x, FloatBuffer y) {
        int blocks = (n + SAXPY_BLOCK - 1) / SAXPY_BLOCK;
        if (blocks < 2) {
            blas.saxpy(n, alpha, x, y);
            return;
        }
        team.run(blocks, block -> {
            int i0 = block * SAXPY_BLOCK;
            blas.saxpy(Math.min(SAXPY_BLOCK, n - i0), alpha, view(x, i0), view(y, i0));
        });
    }

    @Override
    public void forEachBlock(int n, Range body) {
        int blocks = (n + ELEMENT_BLOCK - 1) / ELEMENT_BLOCK;
        if (blocks < 2) {
            body.run(0, n);
            return;
        }
        team.run(blocks, block -> body.run(block * ELEMENT_BLOCK, Math.min(n, (block + 1) * ELEMENT_BLOCK)));
    }

    @Override
    public String name() {
        return blas.name() + ", " + team.size() + " thread(s)";
    }

    @Override
    public void close() {
        team.close();
    }

    /** Blocks of about {@link #TARGET_BLOCK}, of equal width (a multiple of 16) but the last; side if it is one block. */
    private static int blockWidth(int side) {
        int blocks = (side + TARGET_BLOCK - 1) / TARGET_BLOCK;
        return blocks < 2 ? side : ((side + blocks - 1) / blocks + 15) / 16 * 16;
    }

    private static FloatBuffer view(FloatBuffer buffer, int offset) {
        return buffer.slice(offset, buffer.capacity() - offset);
    }

    /**
     * At most 4 threads: a product is cut along the longer side of its result into blocks of about
     * {@link #TARGET_BLOCK}, and one request's products are a row or a chunk of at most {@link Model#CHUNK} rows, so
     * a layer of up to 1,024 units gives at most 4 blocks and a fifth thread would have none. A request that finds
     * the team busy computes alone, so more threads would not serve more requests either; they would only spin after
     * each run (see {@link Team}) on cores the request threads need.
     */
    private static final class Inference {
        static final ParallelBlas INSTANCE =
                new ParallelBlas(Blas.get(), Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static final class Alone {
        static final ParallelBlas INSTANCE = new ParallelBlas(Blas.get(), 1);
    }
}
