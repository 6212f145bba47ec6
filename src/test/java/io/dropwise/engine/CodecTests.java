package io.dropwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTests {

    private static Checkpoint checkpoint() {
        NetworkSpec net = Fixtures.classifier(
                4, 2, 0.1, DropoutScaling.WEIGHT_SCALING, new LayerSpec(6, Activation.ELU, 0.2, true));
        TrainingSpec spec = Fixtures.training(2, 8, OptimizerSpec.adamw(0.01, 0.1), 0.25, 3);
        List<Checkpoint> checkpoints = new ArrayList<>();
        new Trainer(net, spec).fit(Fixtures.blobs(40, 4, 2, 1, 1), TrainerTests.collect(checkpoints), () -> false);
        return checkpoints.get(checkpoints.size() - 1);
    }

    private static FeatureScaler identity() {
        return new FeatureScaler(new float[4], new float[] {1, 1, 1, 1}, 0f, 1f);
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 99");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> CheckpointCodec.decode(flipped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum");

        assertThatThrownBy(() -> CheckpointCodec.decode(Arrays.copyOf(bytes, bytes.length - 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> CheckpointCodec.decode(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void theStreamFormsWriteAndReadTheSameBytesAsTheArrayForms() throws IOException {
        Checkpoint original = checkpoint();
        byte[] bytes = CheckpointCodec.encode(original);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        assertThat(CheckpointCodec.encode(original, streamed)).isEqualTo(bytes.length);
        assertThat(streamed.toByteArray()).isEqualTo(bytes);
        Checkpoint decoded = CheckpointCodec.decode(new ByteArrayInputStream(bytes), bytes.length);
        assertThat(CheckpointCodec.encode(decoded)).isEqualTo(bytes);
        assertThat(CheckpointCodec.formatVersion())
                .isEqualTo(ByteBuffer.wrap(bytes).getInt(4));

        Model model = new Model(original.networkSpec(), identity(), original.weights);
        byte[] modelBytes = ModelCodec.encode(model);
        ByteArrayOutputStream modelStreamed = new ByteArrayOutputStream();
        assertThat(ModelCodec.encode(model, modelStreamed)).isEqualTo(modelBytes.length);
        assertThat(modelStreamed.toByteArray()).isEqualTo(modelBytes);
        assertThat(ModelCodec.encode(ModelCodec.decode(new ByteArrayInputStream(modelBytes), modelBytes.length)))
                .isEqualTo(modelBytes);
    }

    /** The stream reader reads in slices: one large read of the whole blob would defeat the streaming. */
    @Test
    void decodingNeverAsksTheSourceForMoreThanASlice() throws IOException {
        byte[] bytes = CheckpointCodec.encode(checkpoint());
        int[] largest = {0};
        InputStream watched = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                largest[0] = Math.max(largest[0], len);
                return super.read(b, off, len);
            }
        };
        CheckpointCodec.decode(watched, bytes.length);
        assertThat(largest[0]).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void aDamagedStreamIsNamedAndADamagedLengthAllocatesNoMoreThanTheStoredSize() {
        byte[] bytes = CheckpointCodec.encode(checkpoint());
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> CheckpointCodec.decode(new ByteArrayInputStream(flipped), flipped.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum mismatch");
        // the first tensor count sits after the specs: make every int a huge length, one at a time
        for (int at = 8; at < 400; at += 4) {
            byte[] huge = bytes.clone();
            ByteBuffer.wrap(huge).putInt(at, 200_000_000);
            assertThatThrownBy(() -> CheckpointCodec.decode(new ByteArrayInputStream(huge), huge.length))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CheckpointCodec.decode(new ByteArrayInputStream(bytes), bytes.length + 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    /** A failing source (a database that went away) is its own error, never "a damaged checkpoint". */
    @Test
    void aFailingSourceIsPassedOnAsItIs() {
        byte[] bytes = CheckpointCodec.encode(checkpoint());
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(bytes)) {
            private int served;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served > bytes.length / 2) {
                    throw new IllegalStateException("connection closed");
                }
                int n = super.read(b, off, Math.min(len, 256));
                served += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> CheckpointCodec.decode(failing, bytes.length))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("connection closed");
    }

    @Test
    void theSizeBoundsHoldTheEncodedSizes() {
        Checkpoint c = checkpoint();
        int trainRows = 30;
        assertThat(CheckpointCodec.sizeBound(c.networkSpec(), c.trainingSpec(), trainRows))
                .isGreaterThanOrEqualTo(CheckpointCodec.encode(c).length)
                .isLessThan(CheckpointCodec.encode(c).length + 80 * 1024);
        Model model = new Model(c.networkSpec(), identity(), c.weights);
        assertThat(ModelCodec.sizeBound(c.networkSpec())).isGreaterThanOrEqualTo(ModelCodec.encode(model).length);
    }
}
