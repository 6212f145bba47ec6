package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTests {

    private static Checkpoint checkpoint() {
        NetworkSpec net = Fixtures.classifier(4, 2, 0.1, DropoutScaling.WEIGHT_SCALING,
                new LayerSpec(6, Activation.ELU, 0.2, true));
        TrainingSpec spec = Fixtures.training(2, 8, OptimizerSpec.adamw(0.01, 0.1), 0.25, 3);
        List<Checkpoint> checkpoints = new ArrayList<>();
        new Trainer(net, spec).fit(Fixtures.blobs(40, 4, 2, 1, 1), TrainerTests.collect(checkpoints), () -> false);
        return checkpoints.get(checkpoints.size() - 1);
    }

    @Test
    void checkpointRoundTripKeepsEveryField() {
        Checkpoint original = checkpoint();
        byte[] bytes = CheckpointCodec.encode(original);
        Checkpoint decoded = CheckpointCodec.decode(bytes);
        assertThat(decoded.networkSpec()).isEqualTo(original.networkSpec());
        assertThat(decoded.trainingSpec()).isEqualTo(original.trainingSpec());
        assertThat(decoded.epoch()).isEqualTo(2);
        assertThat(decoded.validationLoss()).isEqualTo(original.validationLoss());
        assertThat(decoded.weights).isDeepEqualTo(original.weights);
        assertThat(decoded.optimizerState).isDeepEqualTo(original.optimizerState);
        assertThat(decoded.optimizerStep).isEqualTo(original.optimizerStep);
        assertThat(decoded.rngState).isEqualTo(original.rngState);
        assertThat(decoded.best.bestMetrics()).isEqualTo(original.best.bestMetrics());
        assertThat(CheckpointCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void unknownVersionBadChecksumTruncationAndBadMagicAreNamed() {
        byte[] bytes = CheckpointCodec.encode(checkpoint());

        byte[] version = bytes.clone();
        ByteBuffer.wrap(version).putInt(4, 99);
        assertThatThrownBy(() -> CheckpointCodec.decode(version))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 99");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> CheckpointCodec.decode(flipped))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");

        assertThatThrownBy(() -> CheckpointCodec.decode(Arrays.copyOf(bytes, bytes.length - 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> CheckpointCodec.decode(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
    }
}
