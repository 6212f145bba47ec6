package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoint retention ({@link CheckpointStore#expired}); the best epoch is the engine's (see BestSoFarTests). */
class RunStoreTests {

    private static CheckpointInfo checkpoint(long id, String kind, Double validationLoss) {
        return new CheckpointInfo(id, 1, (int) id, 0, kind, validationLoss, 100, 1, Instant.EPOCH, 1);
    }

    @Test
    void retentionKeepsTheNewestTheFinalAndTheLowestValidationLoss() {
        List<CheckpointInfo> infos = new ArrayList<>();
        infos.add(checkpoint(1, "PERIODIC", 0.9));
        infos.add(checkpoint(2, "PERIODIC", 0.2)); // best
        infos.add(checkpoint(3, "PERIODIC", 0.5));
        infos.add(checkpoint(4, "PERIODIC", 0.6));
        infos.add(checkpoint(5, "STOP", null));
        infos.add(checkpoint(6, "PERIODIC", 0.7));
        infos.add(checkpoint(7, "PERIODIC", 0.8));

        assertThat(CheckpointStore.expired(infos, 3)).containsExactly(1L, 3L, 4L);
        infos.set(0, checkpoint(1, "FINAL", 0.9));
        assertThat(CheckpointStore.expired(infos, 2)).containsExactly(3L, 4L, 5L);
        assertThat(CheckpointStore.expired(infos.subList(0, 2), 3)).isEmpty();
    }
}
