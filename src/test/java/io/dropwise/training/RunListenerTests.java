package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.dropwise.engine.Checkpoint;
import io.dropwise.engine.EpochMetrics;
import io.dropwise.training.CheckpointEntity.Kind;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The time-based rule for periodic checkpoints ({@code dropwise.training.checkpoint-interval}), on a fake clock. */
class RunListenerTests {

    private static final long SECOND = 1_000_000_000L;

    private final RunStore store = mock(RunStore.class);
    private final CheckpointStore checkpoints = mock(CheckpointStore.class);
    private final AtomicLong now = new AtomicLong(1000 * SECOND);

    @Test
    void aPeriodicCheckpointIsTakenAtMostOncePerIntervalAndASkippedEpochsRowGoesAtOnce() {
        try (RunWriter writer = new RunWriter("job")) {
            RunListener listener = listener(writer, Duration.ofSeconds(30));

            EpochMetrics first = epoch(1);
            listener.onEpochEnd(first, 1);
            now.addAndGet(10 * SECOND);
            assertThat(listener.checkpointDue(1))
                    .as("10 s after the attempt started")
                    .isFalse();
            listener.onEpochWithoutCheckpoint(1); // as the engine tells it after a no
            writer.drain();
            verify(store).recordEpoch(eq("job"), eq(1), same(first), eq(1), eq(0L), anyLong(), isNull());

            listener.onEpochEnd(epoch(2), 1);
            now.addAndGet(25 * SECOND);
            assertThat(listener.checkpointDue(2))
                    .as("35 s after the attempt started")
                    .isTrue();
            Checkpoint atTwo = checkpoint(2);
            listener.onCheckpoint(atTwo);

            listener.onEpochEnd(epoch(3), 1);
            now.addAndGet(29 * SECOND);
            assertThat(listener.checkpointDue(3))
                    .as("29 s after the last checkpoint")
                    .isFalse();
            listener.onEpochWithoutCheckpoint(3);
            listener.onEpochEnd(epoch(4), 1);
            now.addAndGet(SECOND);
            assertThat(listener.checkpointDue(4))
                    .as("30 s after the last checkpoint")
                    .isTrue();
            writer.drain();
            verify(checkpoints).save("job", 1, atTwo, Kind.PERIODIC);
            verify(store).recordEpoch(eq("job"), eq(1), eq(epoch(3)), eq(1), eq(0L), anyLong(), isNull());
            verify(store, never()).recordEpoch(eq("job"), eq(1), eq(epoch(4)), eq(1), anyLong(), anyLong(), isNull());
        }
    }

    @Test
    void anEpochThatNoCheckpointFollowsIsRecordedAtOnce() {
        try (RunWriter writer = new RunWriter("job")) {
            // checkpointEveryEpochs 3: the engine tells the listener that no checkpoint follows epochs 1 and 2
            RunListener listener = listener(writer, Duration.ZERO);
            EpochMetrics first = epoch(1);
            listener.onEpochEnd(first, 1);
            listener.onEpochWithoutCheckpoint(1);
            writer.drain();
            verify(store).recordEpoch(eq("job"), eq(1), same(first), eq(1), eq(0L), anyLong(), isNull());

            // epoch 3 is a checkpoint epoch: its row waits for the checkpoint and carries what it cost
            listener.onEpochEnd(epoch(2), 1);
            listener.onEpochWithoutCheckpoint(2);
            EpochMetrics third = epoch(3);
            listener.onEpochEnd(third, 1);
            writer.drain();
            verify(store, never()).recordEpoch(eq("job"), eq(1), same(third), eq(1), anyLong(), anyLong(), isNull());
            assertThat(listener.checkpointDue(3)).isTrue();
            listener.onCheckpoint(checkpoint(3));
            writer.drain();
            verify(store).recordEpoch(eq("job"), eq(1), same(third), eq(1), anyLong(), anyLong(), isNull());

            // the last epoch's row waits for the final checkpoint
            EpochMetrics last = epoch(10);
            listener.onEpochEnd(last, 1);
            writer.drain();
            verify(store, never()).recordEpoch(eq("job"), eq(1), same(last), eq(1), anyLong(), anyLong(), isNull());
            Checkpoint finalCheckpoint = checkpoint(10);
            listener.onCheckpoint(finalCheckpoint);
            writer.drain();
            verify(store).recordEpoch(eq("job"), eq(1), same(last), eq(1), anyLong(), anyLong(), isNull());
            verify(checkpoints).save("job", 1, finalCheckpoint, Kind.FINAL);
        }
    }

    @Test
    void aZeroIntervalTakesEveryPeriodicCheckpoint() {
        try (RunWriter writer = new RunWriter("job")) {
            RunListener listener = listener(writer, Duration.ZERO);
            for (int e = 1; e <= 3; e++) {
                listener.onEpochEnd(epoch(e), e);
                assertThat(listener.checkpointDue(e)).isTrue();
                listener.onCheckpoint(checkpoint(e));
            }
            writer.drain();
            verify(checkpoints, times(3)).save(eq("job"), eq(1), any(Checkpoint.class), eq(Kind.PERIODIC));
        }
    }

    private RunListener listener(RunWriter writer, Duration interval) {
        return new RunListener(
                new RunningJobs.Run("job", 1),
                10,
                store,
                checkpoints,
                mock(TrainingMetrics.class),
                writer,
                null,
                interval,
                now::get);
    }

    private static EpochMetrics epoch(int epoch) {
        return new EpochMetrics(epoch, 1, 0.5, 1, 0.5, Double.NaN, 0, 0.05, 1000, 8000, 950, 50);
    }

    private static Checkpoint checkpoint(int epoch) {
        Checkpoint c = mock(Checkpoint.class);
        when(c.epoch()).thenReturn(epoch);
        when(c.withinEpoch()).thenReturn(false);
        return c;
    }
}
