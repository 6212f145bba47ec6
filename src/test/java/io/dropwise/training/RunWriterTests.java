package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writes of a run off its training thread: in order, one checkpoint in flight, the first failure thrown back. */
class RunWriterTests {

    @Test
    void writesRunInOrderOffTheCallingThreadAndDrainWaitsForThem() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (RunWriter writer = new RunWriter("job")) {
            writer.write(() -> {
                await(release);
                done.add("row 1 on " + Thread.currentThread().getName().startsWith("dropwise-writer-"));
            });
            writer.awaitCheckpointSlot();
            writer.writeCheckpoint(() -> done.add("checkpoint 1"));
            writer.write(() -> done.add("row 2"));
            assertThat(done).as("the caller did not wait for the writes").isEmpty();
            release.countDown();
            writer.drain();
            assertThat(done).containsExactly("row 1 on true", "checkpoint 1", "row 2");
        }
    }

    @Test
    void rowsThatWaitForTheWriterAreWrittenTogetherInOrderBeforeALaterCheckpoint() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        List<Integer> perTransaction = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (RunWriter writer = new RunWriter("job", rows -> {
            int before = done.size();
            rows.run();
            perTransaction.add(done.size() - before);
        })) {
            writer.awaitCheckpointSlot();
            writer.writeCheckpoint(() -> {
                await(release);
                done.add("checkpoint 1");
            });
            List<String> expected = new ArrayList<>(List.of("checkpoint 1"));
            for (int i = 1; i <= 300; i++) { // a tiny model's epochs, while the checkpoint is being written
                String row = "row " + i;
                writer.write(() -> done.add(row));
                expected.add(row);
            }
            release.countDown();
            writer.awaitCheckpointSlot();
            writer.writeCheckpoint(() -> done.add("checkpoint 2"));
            expected.add("checkpoint 2");
            writer.write(() -> done.add("row 301"));
            expected.add("row 301");
            writer.drain();
            assertThat(done).containsExactlyElementsOf(expected);
            assertThat(perTransaction)
                    .as("the waiting rows in transactions of at most " + RunWriter.MAX_ROWS_PER_TRANSACTION)
                    .containsExactly(256, 44, 1);
            assertThat(writer.pending()).isZero();
        }
    }

    @Test
    void noRowHandedOverAfterACheckpointIsWrittenBeforeIt() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RunWriter writer = new RunWriter("job", Runnable::run)) {
            writer.write(() -> {
                started.countDown();
                await(release);
                done.add("row 0");
            });
            await(started); // the writer is in a pass over the rows: the next row schedules another pass
            writer.write(() -> done.add("row 1"));
            writer.awaitCheckpointSlot();
            writer.writeCheckpoint(() -> done.add("checkpoint"));
            writer.write(() -> done.add("row 2")); // must not join the pass scheduled before the checkpoint
            release.countDown();
            writer.drain();
            assertThat(done).containsExactly("row 0", "row 1", "checkpoint", "row 2");
        }
    }

    @Test
    void theNextCheckpointWaitsForThePreviousOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RunWriter writer = new RunWriter("job")) {
            writer.awaitCheckpointSlot();
            writer.writeCheckpoint(() -> await(release));
            Thread waiting = new Thread(writer::awaitCheckpointSlot);
            waiting.start();
            waiting.join(300);
            assertThat(waiting.isAlive())
                    .as("blocked while the previous checkpoint is written")
                    .isTrue();
            release.countDown();
            waiting.join(5_000);
            assertThat(waiting.isAlive()).isFalse();
        }
    }

    @Test
    void theFirstFailureStopsLaterWritesAndIsThrownBackToTheTrainingThread() {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch handedOver = new CountDownLatch(1);
        try (RunWriter writer = new RunWriter("job")) {
            writer.write(() -> {
                await(handedOver); // else the failure may already be seen when the next write is handed over
                throw new RunStore.FencedException("job", 1);
            });
            writer.write(() -> done.add("skipped? no: handed over before the failure was seen"));
            handedOver.countDown();
            assertThatThrownBy(writer::drain).isInstanceOf(RunStore.FencedException.class);
            assertThat(writer.failed()).isTrue();
            assertThat(done).as("nothing written after the failure").isEmpty();
            assertThatThrownBy(() -> writer.write(() -> done.add("late"))).isInstanceOf(RunStore.FencedException.class);
            assertThatThrownBy(writer::awaitCheckpointSlot).isInstanceOf(RunStore.FencedException.class);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
