package io.dropwise.training;

import io.dropwise.engine.Checkpoint;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.engine.TrainingListener;
import io.dropwise.training.CheckpointEntity.Kind;
import io.dropwise.training.RunningJobs.Run;

/**
 * What the engine reports during a run, handed to the run's {@link RunWriter} so that no database write runs on the
 * training thread. An epoch's row is handed over together with that epoch's checkpoint (row first, as one write
 * task), so that it can carry the time taking the checkpoint cost; without a checkpoint it goes at the next epoch or
 * at {@link #flush()}.
 */
final class RunListener implements TrainingListener {

    private final Run run;
    private final int epochs;
    private final RunStore store;
    private final CheckpointStore checkpoints;
    private final TrainingMetrics metrics;
    private final RunWriter writer;
    private final String sweepId;

    /** The last epoch's row, not handed over yet. */
    private EpochMetrics pending;

    private int pendingBest;
    private long pendingPersistenceNanos;
    private long pendingEnded;

    RunListener(
            Run run,
            int epochs,
            RunStore store,
            CheckpointStore checkpoints,
            TrainingMetrics metrics,
            RunWriter writer,
            String sweepId) {
        this.run = run;
        this.epochs = epochs;
        this.store = store;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.writer = writer;
        this.sweepId = sweepId;
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
