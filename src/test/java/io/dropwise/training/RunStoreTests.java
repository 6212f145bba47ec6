package io.dropwise.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.engine.EpochMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure rules of {@link RunStore}: checkpoint retention, the best epoch, the checksum and format header. */
class RunStoreTests {

    private static CheckpointInfo checkpoint(long id, String kind, Double validationLoss) {
        return new CheckpointInfo(id, 1, (int) id, 0, kind, validationLoss, 100, 1, Instant.EPOCH);
    }

    private static EpochMetricEntity epoch(int epoch, double validationLoss, double validationAccuracy) {
        return new EpochMetricEntity("job", 1, new EpochMetrics(epoch, 1, 0.5, validationLoss, validationAccuracy,
                Double.NaN, 0, 0.1, 10, 1000), Instant.EPOCH);
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

        assertThat(RunStore.expired(infos, 3)).containsExactly(1L, 3L, 4L);
        infos.set(0, checkpoint(1, "FINAL", 0.9));
        assertThat(RunStore.expired(infos, 2)).containsExactly(3L, 4L, 5L);
        assertThat(RunStore.expired(infos.subList(0, 2), 3)).isEmpty();
    }

    @Test
    void theBestEpochFollowsTheMonitoredMetricAndTheEarliestWinsTies() {
        List<EpochMetricEntity> epochs = List.of(epoch(1, 0.9, 0.6), epoch(2, 0.4, 0.8), epoch(3, 0.4, 0.9),
                epoch(4, 0.5, 0.9));
        assertThat(RunStore.bestEpoch(epochs, false)).isEqualTo(2);
        assertThat(RunStore.bestEpoch(epochs, true)).isEqualTo(3);
        assertThat(RunStore.bestEpoch(List.of(), false)).isNull();
    }

    @Test
    void withoutAValidationSplitTheLastEpochIsTheBest() {
        assertThat(RunStore.bestEpoch(List.of(epoch(1, Double.NaN, Double.NaN), epoch(2, Double.NaN, Double.NaN)),
                false)).isEqualTo(2);
    }

    @Test
    void theFormatVersionIsReadFromTheCodecHeader() {
        byte[] header = {0x44, 0x57, 0x43, 0x4b, 0, 0, 0, 3, 9, 9};
        assertThat(RunStore.formatVersion(header)).isEqualTo(3);
        assertThat(RunStore.formatVersion(new byte[2])).isZero();
        assertThat(RunStore.crc32(new byte[] {1, 2, 3})).isEqualTo(0x55BC801DL);
    }
}
