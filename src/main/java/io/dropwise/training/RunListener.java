package io.dropwise.training;

import io.dropwise.engine.Checkpoint;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.TrainingListener;
import io.dropwise.training.CheckpointEntity.Kind;
import io.dropwise.training.RunningJobs.Run;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the engine reports during a run, handed to the run's {@link RunWriter} so that no database write runs on the
 * training thread. An epoch's row is handed over together with that epoch's checkpoint (row first, as one write
 * task), so that it can carry the time taking the checkpoint cost; after an epoch that no checkpoint follows it goes at
 * once ({@link #onEpochWithoutCheckpoint}), so that progress is never an epoch late. Periodic checkpoints are taken at most once per {@code dropwise.training.checkpoint-interval}
 * (see {@link #checkpointDue}).
 */
final class RunListener implements TrainingListener {

    private final Run run;
    private final int epochs;
    private final RunStore store;
    private final CheckpointStore checkpoints;
    private final TrainingMetrics metrics;
    private final RunWriter writer;
    private final String sweepId;
    private final long intervalNanos;
    private final LongSupplier clock;

    /** When the last checkpoint was handed over (at first: when the attempt started), in {@link #clock} nanos. */
    private long lastCheckpoint;

    /** The last epoch's row, not handed over yet. */
    private EpochMetrics pending;

    private int pendingBest;
    private long pendingPersistenceNanos;
    private long pendingEnded;

    /** @param clock nanoseconds: {@link System#nanoTime()} (tests pass their own) */
    RunListener(
            Run run,
            int epochs,
            RunStore store,
            CheckpointStore checkpoints,
            TrainingMetrics metrics,
            RunWriter writer,
            String sweepId,
            Duration checkpointInterval,
            LongSupplier clock) {
        this.run = run;
        this.epochs = epochs;
        this.store = store;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.writer = writer;
        this.sweepId = sweepId;
        this.intervalNanos = checkpointInterval.toNanos();
        this.clock = clock;
        this.lastCheckpoint = clock.getAsLong();
    }

    /**
     * A periodic checkpoint is due when the last one (or the attempt's start) is at least the checkpoint interval
     * old. Skipped, the epoch's row goes at once ({@link #onEpochWithoutCheckpoint}). What a crash then loses is
     * re-trained from the checkpoint before, to the same bits.
     */
    @Override
    public boolean checkpointDue(int epoch) {
        return intervalNanos <= 0 || clock.getAsLong() - lastCheckpoint >= intervalNanos;
    }

    /** No checkpoint follows the epoch to carry its row: the row goes now. */
    @Override
    public void onEpochWithoutCheckpoint(int epoch) {
        flush();
    }

    @Override
    public void onEpochEnd(EpochMetrics epoch, int bestEpoch) {
        long started = System.nanoTime();
        flush();
        metrics.epoch(epoch.epochMillis(), epoch.samplesPerSecond());
        pending = epoch;
        pendingBest = bestEpoch;
        pendingEnded = System.nanoTime();
        pendingPersistenceNanos = pendingEnded - started;
    }

    @Override
    public void onCheckpoint(Checkpoint checkpoint) {
        // by where the engine took it: a stop request arriving during an epoch-end checkpoint must not relabel it
        Kind kind = checkpoint.withinEpoch() ? Kind.STOP : checkpoint.epoch() >= epochs ? Kind.FINAL : Kind.PERIODIC;
        boolean ownEpoch = pending != null && !checkpoint.withinEpoch() && checkpoint.epoch() == pending.epoch();
        writer.awaitCheckpointSlot();
        lastCheckpoint = clock.getAsLong();
        Runnable row = ownEpoch ? row(System.nanoTime() - pendingEnded) : pending != null ? row(0) : null;
        pending = null;
        writer.writeCheckpoint(() -> {
            if (row != null) {
                row.run();
            }
            checkpoints.save(run.jobId, run.attempt, checkpoint, kind);
        });
    }

    /** Hands over the last epoch's row if it is still here (no checkpoint followed it). */
    void flush() {
        if (pending != null) {
            Runnable row = row(0);
            pending = null;
            writer.write(row);
        }
    }

    private Runnable row(long checkpointNanos) {
        EpochMetrics epoch = pending;
        int best = pendingBest;
        long persistence = pendingPersistenceNanos / 1_000_000;
        long checkpoint = checkpointNanos / 1_000_000;
        return () -> store.recordEpoch(run.jobId, run.attempt, epoch, best, checkpoint, persistence, sweepId);
    }
}
