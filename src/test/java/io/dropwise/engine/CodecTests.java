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
        // the split of an epoch's time into training and evaluation is not kept (a resume does not need it)
        EpochMetrics m = original.best.bestMetrics();
        assertThat(decoded.best.bestMetrics())
                .isEqualTo(new EpochMetrics(
                        m.epoch(),
                        m.trainLoss(),
                        m.trainAccuracy(),
                        m.validationLoss(),
                        m.validationAccuracy(),
                        m.validationRmse(),
                        m.gap(),
                        m.learningRate(),
                        m.epochMillis(),
                        m.samplesPerSecond(),
                        0,
                        0));
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

    @Test
    void bestWeightsEqualToTheWeightsAreStoredOnceAndComeBackAsTheirOwnCopy() {
        Checkpoint same = checkpoint();
        assertThat(same.bestEpoch()).isEqualTo(same.epoch());
        assertThat(same.best.weights()).isDeepEqualTo(same.weights);
        float[][] nudged = copy(same.weights);
        nudged[0][0] = Math.nextUp(nudged[0][0]);
        Checkpoint different = withBestWeights(same, nudged);

        byte[] once = CheckpointCodec.encode(same);
        byte[] twice = CheckpointCodec.encode(different);
        long tensorBytes = 1 + 4; // present flag, count
        for (float[] t : same.weights) {
            tensorBytes += 4 + 4L * t.length;
        }
        assertThat(twice.length - once.length).isEqualTo(tensorBytes);

        Checkpoint decoded = CheckpointCodec.decode(once);
        assertThat(decoded.best.weights()).isDeepEqualTo(same.weights).isNotSameAs(decoded.weights);
        assertThat(decoded.best.weights()[0]).isNotSameAs(decoded.weights[0]);
        assertThat(CheckpointCodec.encode(decoded)).isEqualTo(once);
        Checkpoint decodedDifferent = CheckpointCodec.decode(twice);
        assertThat(decodedDifferent.best.weights()).isDeepEqualTo(nudged);
        assertThat(decodedDifferent.weights).isDeepEqualTo(same.weights);
        assertThat(CheckpointCodec.encode(decodedDifferent)).isEqualTo(twice);

        Checkpoint none = withBestWeights(same, null);
        assertThat(CheckpointCodec.decode(CheckpointCodec.encode(none)).best.weights())
                .isNull();
    }

    @Test
    void onlyTheSameBitsCountAsTheSameWeights() {
        float[][] a = {{1f, Float.intBitsToFloat(0x7fc00001)}, {-0f}};
        assertThat(CheckpointCodec.sameBits(a, copy(a))).isTrue();
        float[][] otherNaN = copy(a);
        otherNaN[0][1] = Float.intBitsToFloat(0x7fc00002);
        assertThat(CheckpointCodec.sameBits(a, otherNaN)).isFalse();
        float[][] positiveZero = copy(a);
        positiveZero[1][0] = 0f;
        assertThat(CheckpointCodec.sameBits(a, positiveZero)).isFalse();
        assertThat(CheckpointCodec.sameBits(a, null)).isFalse();
        assertThat(CheckpointCodec.sameBits(a, new float[][] {{1f}, {-0f}})).isFalse();
    }

    /**
     * A checkpoint of {@link #checkpoint()} written by format version 1 (before 2026-12-02): still readable. Its
     * tensors are compared by digest with what they were when it was written, not with a run of today: a run's floats
     * depend on the CPU OpenBLAS's kernels were chosen for (the same on one machine at any thread count, not across
     * CPU models), so only the machine-independent fields (spec, random state, step) are compared with a fresh run.
     */
    @Test
    void aVersion1CheckpointIsStillRead() throws IOException {
        byte[] v1 = java.util.Base64.getDecoder().decode(VERSION_1.replace("\n", ""));
        assertThat(ByteBuffer.wrap(v1).getInt(4)).isEqualTo(1);
        Checkpoint expected = checkpoint();
        for (Checkpoint decoded :
                List.of(CheckpointCodec.decode(v1), CheckpointCodec.decode(new ByteArrayInputStream(v1), v1.length))) {
            assertThat(digest(decoded.weights)).isEqualTo(V1_WEIGHTS);
            assertThat(digest(decoded.optimizerState)).isEqualTo(V1_OPTIMIZER);
            assertThat(digest(decoded.best.weights())).isEqualTo(V1_BEST);
            assertThat(decoded.best.bestMetrics().validationLoss()).isEqualTo(V1_BEST_LOSS);
            assertThat(decoded.networkSpec).isEqualTo(expected.networkSpec);
            assertThat(decoded.trainingSpec).isEqualTo(expected.trainingSpec);
            assertThat(decoded.rngState).isEqualTo(expected.rngState);
            assertThat(decoded.optimizerStep).isEqualTo(expected.optimizerStep);
            // written again, it is the current version (timings in the metrics aside, what a resume of it would give)
            Checkpoint again = CheckpointCodec.decode(CheckpointCodec.encode(decoded));
            assertThat(again.best.weights()).isDeepEqualTo(decoded.best.weights());
            assertThat(again.weights).isDeepEqualTo(decoded.weights);
            assertThat(again.optimizerState).isDeepEqualTo(decoded.optimizerState);
        }
    }

    /** CRC-32 of the tensors' float bits, in order (a fixed value for a stored checkpoint's tensors). */
    private static long digest(float[][] tensors) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (float[] t : tensors) {
            ByteBuffer bytes = ByteBuffer.allocate(4 * t.length + 4).putInt(t.length);
            for (float v : t) {
                bytes.putInt(Float.floatToRawIntBits(v));
            }
            crc.update(bytes.array());
        }
        return crc.getValue();
    }

    /**
     * A checkpoint of {@link #cosineCheckpoint(int)} with no length of its own, written by format version 2 (before
     * the schedule had one): still read, its schedule spanning the training's epochs, which is what it trained with.
     */
    @Test
    void aVersion2CheckpointIsStillReadWithTheScheduleSpanningTheTrainingsEpochs() throws IOException {
        byte[] v2 = java.util.Base64.getDecoder().decode(VERSION_2.replace("\n", ""));
        assertThat(ByteBuffer.wrap(v2).getInt(4)).isEqualTo(2);
        Checkpoint expected = cosineCheckpoint(0);
        for (Checkpoint decoded :
                List.of(CheckpointCodec.decode(v2), CheckpointCodec.decode(new ByteArrayInputStream(v2), v2.length))) {
            assertThat(decoded.trainingSpec).isEqualTo(expected.trainingSpec);
            assertThat(decoded.trainingSpec.schedule())
                    .isEqualTo(new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 1, 0.001, 0));
            // the tensors by digest, as for version 1 (a run's floats depend on the CPU)
            assertThat(digest(decoded.weights)).isEqualTo(V2_WEIGHTS);
            assertThat(digest(decoded.optimizerState)).isEqualTo(V2_OPTIMIZER);
            assertThat(digest(decoded.best.weights())).isEqualTo(V2_BEST);
            assertThat(decoded.rngState).isEqualTo(expected.rngState);
            byte[] again = CheckpointCodec.encode(decoded);
            assertThat(ByteBuffer.wrap(again).getInt(4)).isEqualTo(CheckpointCodec.formatVersion());
            assertThat(CheckpointCodec.decode(again).trainingSpec).isEqualTo(expected.trainingSpec);
        }
    }

    @Test
    void theSchedulesOwnLengthIsStored() {
        Checkpoint original = cosineCheckpoint(7);
        assertThat(original.trainingSpec.schedule().epochs()).isEqualTo(7);
        byte[] bytes = CheckpointCodec.encode(original);
        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(3);
        Checkpoint decoded = CheckpointCodec.decode(bytes);
        assertThat(decoded.trainingSpec).isEqualTo(original.trainingSpec);
        assertThat(CheckpointCodec.encode(decoded)).isEqualTo(bytes);
        assertThat(CheckpointCodec.decode(CheckpointCodec.encode(cosineCheckpoint(0)))
                        .trainingSpec
                        .schedule()
                        .epochs())
                .isZero();
    }

    /** {@link #checkpoint()}'s run with a cosine schedule of {@code length} epochs (0: the training's). */
    private static Checkpoint cosineCheckpoint(int length) {
        NetworkSpec net = Fixtures.classifier(
                4, 2, 0.1, DropoutScaling.WEIGHT_SCALING, new LayerSpec(6, Activation.ELU, 0.2, true));
        TrainingSpec spec = Fixtures.withSchedule(
                Fixtures.training(2, 8, OptimizerSpec.adamw(0.01, 0.1), 0.25, 3),
                new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 1, 0.001, length));
        List<Checkpoint> checkpoints = new ArrayList<>();
        new Trainer(net, spec).fit(Fixtures.blobs(40, 4, 2, 1, 1), TrainerTests.collect(checkpoints), () -> false);
        return checkpoints.get(checkpoints.size() - 1);
    }

    private static float[][] copy(float[][] tensors) {
        float[][] copy = new float[tensors.length][];
        for (int i = 0; i < tensors.length; i++) {
            copy[i] = tensors[i].clone();
        }
        return copy;
    }

    private static Checkpoint withBestWeights(Checkpoint c, float[][] weights) {
        BestSoFar b = c.best;
        return new Checkpoint(
                c.networkSpec,
                c.trainingSpec,
                c.dataFingerprint,
                c.weights,
                c.optimizerState,
                c.optimizerStep,
                c.rngState,
                c.epoch,
                c.batch,
                c.permutation,
                c.validationLoss,
                new BestSoFar(
                        b.score(), b.bestEpoch(), b.epochsSinceBest(), weights, b.bestMetrics(), b.lastMetrics()));
    }

    /** Digests of the stored checkpoints' tensors, as written (the best weights are the last epoch's). */
    private static final long V1_WEIGHTS = 4026882339L;

    private static final long V1_OPTIMIZER = 1425310721L;
    private static final long V1_BEST = 4026882339L;
    private static final double V1_BEST_LOSS = 0.44575326847698166;
    private static final long V2_WEIGHTS = 2914000808L;
    private static final long V2_OPTIMIZER = 3026183839L;
    private static final long V2_BEST = 2914000808L;

    private static final String VERSION_1 = """
            RFdDSwAAAAEAAAAEAAAAAgAOQ0xBU1NJRklDQVRJT04/uZmZmZmZmgAOV0VJR0hUX1NDQUxJTkcAAAABAAAABgADRUxVP8mZmZmZ
            mZoBAAAAAgAAAAgABUFEQU1XP4R64UeuFHsAAAAAAAAAAD/szMzMzMzNP+/3ztkWhys+RXmO4jCMOj+5mZmZmZmaAAAAAAAAAAAA
            AAAAAAAAAAAAAAAAAAAAP9AAAAAAAAAAAAhDT05TVEFOVAAAAAE/8AAAAAAAAAAAAAAAAAAAAAAAAAAPVkFMSURBVElPTl9MT1NT
            AAtTVEFOREFSRElaRQAAAAAAAAADAAAAAAAAAAEAAAAAiPZPXgEAAAAIAAAAGDy7mS++ksLtv4PA6z+kH3o/gqzKPtls1D7HIWa/
            NedjvzJ3oT67kB6+AY/VvyZ8yD43zSE9POaqP2YOrD6nSOW/QNxKvYB6079YQ3k9WXebPzkONL43gWg8hFa0PiCVNgAAAAa7xaA3
            vExYlrwsRRI78DYluxFUEruZLMQAAAAGP2yyMT+Hrks/dl73P3jgnz9sYPI/gkNNAAAABryyUgy7qayqvD2N7LxrPVu8taQKOz9K
            FAAAAAa9XLclPSSX8bxX9Ag86XYXvS+pizw8zbsAAAAGQAFOej/o0CI/X72FP1stlj+/zp4/SD9wAAAADD4RRWy/S1DkPq5Fnb3J
            yg4+XG3hvreXGj8XcNg/RjoKvoEJ/j8Ists/JNPvPyZAoAAAAAI8W/QavFv0GgEAAAAMAAAAGLvXv9w8ijQTurkfjTsKc0I69HB9
            PaGOCryz3Zg9O4juPSSKbb0xLfY9I3UJvYgd0b1DH9g9o+1tvSN4tD3KzWi5zvl4PJ+/sTsrt3I8yfUJvAqaET2f56y9QGDpPasw
            cQAAABg2rdbBN6zq+jZrWFw19kaBNxvPZjlg7f43xy32ONucrjhQXd44l04dOJGYLjj+7bw5CzDvOTrPkDiNO2U5umrUNhRFiDdp
            QBE13QtSN6t0uzgqwXk5xe1oOdr2TDpbIboAAAAGLvUk0DCxFtsvGdU8r/cP6a1GJFgvHSvAAAAABh6HGHYf9vq9H8GSvB+xVjIe
            G9FuIYm+rQAAAAY9B+cGvPDN2riI9YA7DqjUPOQc6LzCsNYAAAAGOAFCIzhJuNA38vFaN6EhXjek03U4S7tmAAAABjzQQEA8mcbl
            vBfb5zycJi89AhKXu1P96wAAAAY4DxzIOWk3gzgDgQk4hVApOJZFMTjlK0IAAAAMvZZ0ijz1QH26aBKoO6laH72C4wI9CWYrPZZ0
            irz1QH06aBKou6laHz2C4wK9CWYrAAAADDkWbDw4B9PAOMBSWDg8nFA43al8OIkM4DkWbDw4B9PAOMBSWDg8nFA43al8OIkM4AAA
            AAK9IEznPSBM5wAAAAI5TBktOUwZLQAAAAAAAAAIyYHaKmsZyT0AAAACAAAAAAA/3Ic4t4xmTT/chzi3jGZNAAAAAgAAAAABAAAA
            CAAAABg8u5kvvpLC7b+DwOs/pB96P4Ksyj7ZbNQ+xyFmvzXnY78yd6E+u5AevgGP1b8mfMg+N80hPTzmqj9mDqw+p0jlv0DcSr2A
            etO/WEN5PVl3mz85DjS+N4FoPIRWtD4glTYAAAAGu8WgN7xMWJa8LEUSO/A2JbsRVBK7mSzEAAAABj9ssjE/h65LP3Ze9z944J8/
            bGDyP4JDTQAAAAa8slIMu6msqrw9jey8az1bvLWkCjs/ShQAAAAGvVy3JT0kl/G8V/QIPOl2F70vqYs8PM27AAAABkABTno/6NAi
            P1+9hT9bLZY/v86eP0g/cAAAAAw+EUVsv0tQ5D6uRZ29ycoOPlxt4b63lxo/F3DYP0Y6Cr6BCf4/CLLbPyTT7z8mQKAAAAACPFv0
            Grxb9BoBAAAAAj/W+of4HdkyP+7u7u7u7u8/3Ic4t4xmTT/szMzMzMzNf/gAAAAAAAA/tjLC/bo0bD+EeuFHrhR7QOIZqxmADyUA
            AAAAAAAAAQEAAAACP9b6h/gd2TI/7u7u7u7u7z/chzi3jGZNP+zMzMzMzM1/+AAAAAAAAD+2MsL9ujRsP4R64UeuFHtA4hmrGYAP
            JQAAAAAAAAAB2wXuZg==
            """;

    /** Written by format version 2 on 2026-12-02 (commit 425fcb7): {@code cosineCheckpoint(0)}. */
    private static final String VERSION_2 = """
            RFdDSwAAAAIAAAAEAAAAAgAOQ0xBU1NJRklDQVRJT04/uZmZmZmZmgAOV0VJR0hUX1NDQUxJTkcAAAABAAAABgADRUxVP8mZmZmZ
            mZoBAAAAAgAAAAgABUFEQU1XP4R64UeuFHsAAAAAAAAAAD/szMzMzMzNP+/3ztkWhys+RXmO4jCMOj+5mZmZmZmaAAAAAAAAAAAA
            AAAAAAAAAAAAAAAAAAAAP9AAAAAAAAAAAAZDT1NJTkUAAAABP/AAAAAAAAA/UGJN0vGp/AAAAAAAD1ZBTElEQVRJT05fTE9TUwAL
            U1RBTkRBUkRJWkUAAAAAAAAAAwAAAAAAAAABAAAAAIj2T14BAAAACAAAABi6BLqGvoj/y7+ElcI/pesgP4OrUz7qN1k+u+dTvy+a
            Q78q16g+r8e7vdBOa78vq/4+IfIWPaKx1T9gD5g+tmWhv0Jtwb0HTVS/VRwXPa0bTj822TO+IDZiOzNcNz4z+egAAAAGu4YwwLvC
            Com8GhRZO3HMq7sE0n+7nj0MAAAABj91Ij8/hPPHP3gbxz99He0/dTtOP4BlhgAAAAY7Ap2jO56VobyPFew62nqNuoVnczuu3twA
            AAAGvWC9nT0h4q28LoggPNG4U700Hlk8IwikAAAABkACxcY/5sVdP10fPj9Zn+c/wVcKP0W7eQAAAAw93kJav0S/dT6yJYO94l0Z
            PjoEX76uaHc/IKdZPz+j6L6EwBo/DCw1Py45eT8h7hUAAAACuz7V9js+1fYBAAAADAAAABi7xXTKPJI/5Lq5vfw7FMaSOtiJsz2m
            wyC8ucmuPUSLlT07J0q9StdgPS/nX72VJz+9X5+BPbZb4r08gJ094CrhuAQTQDysLDo7NEQUPNh9MrwYg2w9pivJvUTMTj2xnLUA
            AAAYNrclcjeyoow2b93KNgBDgDccch45aqvYN81AHzjkHCA4gCiGOMTKYjifoMc5Gi90OR8ttDlipJg4ouLNOdPfFTYbmuI3gD35
            NeXROze43644KuHKOcpjpTncpXc6XADqAAAABi5Z50gw7dNHMMuc+LAUTJCvaGp6sD8begAAAAYeaU2SIB0s5yBStOcfk+xWHopz
            dCGCEpcAAAAGPRhVJLz3Hx46fXzwO3ahLjz+A5m8xx4TAAAABjgmAPI4TpI+N/BGcDeW0GE3yRxDOE8DZwAAAAY84+rQPKVMR7wn
            hAc8s4NEPQ2YgLtFaTEAAAAGOBwZmTlpGdA4BwSMOIxcYzieTv045ACZAAAADL2ioTY8++sSOrp3JDsSTcK9jNsOPQ4PZD2ioTa8
            ++sSurp3JLsSTcI9jNsOvQ4PZAAAAAw5MfkxOAwU1Di76Mw4KwJKOPyPaDiNmzo5MfkxOAwU1Di76Mw4KwJKOPyPaDiNmzoAAAAC
            vSwwGT0sMBkAAAACOVAhBjlQIQYAAAAAAAAACMmB2iprGck9AAAAAgAAAAAAP+AxgAmx1fs/4DGACbHV+wAAAAIAAAAAAQEAAAAC
            P9r0vdzA6C8/7MzMzMzMzT/gMYAJsdX7P+zMzMzMzM1/+AAAAAAAAD+1uQjaiw8cP1BiTdLxqfxAz8VdkcGTdQAAAAAAAAACAQAA
            AAI/2vS93MDoLz/szMzMzMzNP+AxgAmx1fs/7MzMzMzMzX/4AAAAAAAAP7W5CNqLDxw/UGJN0vGp/EDPxV2RwZN1AAAAAAAAAALj
            1fbM
            """;
}
