package io.dropwise.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A run's writes (epoch rows, checkpoints) off its training thread: one writer thread per run performs them in the
 * order they were handed over (an epoch's row before its checkpoint, as the synchronous writes did, so a crash between
 * the two leaves what a resume recomputes), each with the same fencing as before. The training thread hands over an
 * immutable snapshot and goes on with the next epoch; it waits only when a checkpoint is handed over while the
 * previous one is still being written (at most one checkpoint in flight besides the one being taken, which bounds
 * the memory of the copies). The first failure (a {@link RunStore.FencedException}, the database) stops further
 * writes; the training thread sees it through {@link #failed()} at its next batch and gets it thrown back at the
 * next hand-over or at {@link #drain()}, where the runner handles it exactly as a failure of a synchronous write.
 */
final class RunWriter implements AutoCloseable {

    private static final AtomicInteger COUNT = new AtomicInteger();

    /** Epoch rows written in one transaction at most, when they arrive faster than they are written. */
    static final int MAX_ROWS_PER_TRANSACTION = 256;

    private final ExecutorService executor;
    private final Semaphore checkpointSlot = new Semaphore(1);
    private final AtomicInteger pending = new AtomicInteger();
    /** The rows handed over since the last checkpoint; a checkpoint starts a new one, so no row passes it. */
    private volatile Rows rows = new Rows();

    private final Consumer<Runnable> inOneTransaction;
    private volatile RuntimeException failure;

    /** Each write on its own (tests). */
    RunWriter(String jobId) {
        this(jobId, Runnable::run);
    }

    /**
     * @param inOneTransaction runs the epoch rows that are waiting in one transaction: a tiny model trains epochs
     *     faster than one transaction each can record them (2,200 epochs/s against ~500 rows/s measured), and its
     *     progress would lag seconds behind
     */
    RunWriter(String jobId, Consumer<Runnable> inOneTransaction) {
        this.inOneTransaction = inOneTransaction;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dropwise-writer-" + COUNT.incrementAndGet() + "-" + jobId);
            t.setDaemon(true);
            return t;
        });
    }

    /** True once a write has failed: the run should stop at its next batch. */
    boolean failed() {
        return failure != null;
    }

    /**
     * Hands over a write of an epoch's row; throws the failure of an earlier write instead. Rows still waiting when
     * the writer gets to them are written together, in one transaction, in the order handed over (and before any
     * checkpoint handed over after them).
     */
    void write(Runnable write) {
        rethrow();
        pending.incrementAndGet();
        Rows current = rows; // the training thread alone hands rows and checkpoints over
        current.queue.add(write);
        if (current.scheduled.compareAndSet(false, true)) {
            executor.execute(() -> writeRows(current));
        }
    }

    /** Writes what waits in {@code batch}, up to {@link #MAX_ROWS_PER_TRANSACTION} rows a transaction. */
    private void writeRows(Rows batch) {
        batch.scheduled.set(false); // a row added from here on is taken below or schedules another pass
        while (true) {
            List<Runnable> taken = new ArrayList<>();
            for (Runnable row; taken.size() < MAX_ROWS_PER_TRANSACTION && (row = batch.queue.poll()) != null; ) {
                taken.add(row);
            }
            if (taken.isEmpty()) {
                return;
            }
            try {
                perform(() -> inOneTransaction.accept(() -> taken.forEach(Runnable::run)));
            } finally {
                pending.addAndGet(-taken.size());
            }
        }
    }

    /** Runs a write unless an earlier one failed; keeps the first failure. */
    private void perform(Runnable write) {
        try {
            if (failure == null) {
                write.run();
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /** Epoch rows between two checkpoints, and whether a pass of the writer will take them. */
    private static final class Rows {
        final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();
    }

    /**
     * Waits (the only wait of the training thread) until the previous checkpoint is written; then a checkpoint
     * write may be handed over with {@link #writeCheckpoint}.
     */
    void awaitCheckpointSlot() {
        rethrow();
        try {
            checkpointSlot.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the previous checkpoint write", e);
        }
    }

    /** Hands over a checkpoint write, after {@link #awaitCheckpointSlot()}. */
    void writeCheckpoint(Runnable write) {
        rows = new Rows(); // the rows handed over from now on are written after this checkpoint
        pending.incrementAndGet();
        executor.execute(() -> {
            try {
                perform(write);
            } finally {
                pending.decrementAndGet();
                checkpointSlot.release();
            }
        });
    }

    /** Waits until every handed-over write is done, then throws the first failure, if any. */
    void drain() {
        Semaphore done = new Semaphore(0);
        executor.execute(done::release);
        done.acquireUninterruptibly();
        rethrow();
    }

    private void rethrow() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }

    /** Writes not yet done (for tests). */
    int pending() {
        return pending.get();
    }

    /** Stops the writer thread once its queue is done (after {@link #drain()}, or abandoning what is left). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
