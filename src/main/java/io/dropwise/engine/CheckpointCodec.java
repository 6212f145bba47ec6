package io.dropwise.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Versioned binary format of a {@link Checkpoint}: magic {@code "DWCK"}, format version (int, currently 3), payload,
 * CRC32. The payload holds both specs, a fingerprint of the training data, the canonical parameter state, the
 * optimizer moments and step count, the RNG state, epoch, batch, the current epoch's data order, the last validation
 * loss and the best-so-far state (score, epoch, patience counter, weights, metrics). Version 2 writes the best-so-far
 * weights only when they differ from the current ones (a flag says "the same", which is what a checkpoint at the end
 * of an improving epoch holds: a third less to write); version 1 always wrote them. Version 3 adds the
 * learning-rate schedule's own length ({@link LearningRateSchedule#epochs}); versions 1 and 2 are still read, their
 * schedules as spanning the training's epochs (all they could do). Bad magic, an
 * unknown version, a bad checksum or truncation is an {@link IllegalArgumentException} that says which. The stream
 * forms never hold the encoded bytes whole: a checkpoint is written and read through a small buffer.
 */
public final class CheckpointCodec {

    static final int MAGIC = 0x4457434b; // "DWCK"
    static final int VERSION = 3;
    /** The oldest version {@link #decode} still reads. */
    static final int OLDEST = 1;

    private CheckpointCodec() {}

    /** The format version {@link #encode} writes ({@link #decode} reads it and versions 1 and 2). */
    public static int formatVersion() {
        return VERSION;
    }

    public static byte[] encode(Checkpoint checkpoint) {
        return BinaryFormat.encode(MAGIC, VERSION, out -> write(out, checkpoint));
    }

    /** Writes the checkpoint to {@code sink} (left open); returns the number of bytes written. */
    public static long encode(Checkpoint checkpoint, OutputStream sink) throws IOException {
        return BinaryFormat.encode(sink, MAGIC, VERSION, out -> write(out, checkpoint));
    }

    public static Checkpoint decode(byte[] bytes) {
        return BinaryFormat.decode(bytes, "checkpoint", MAGIC, OLDEST, VERSION, CheckpointCodec::read);
    }

    /**
     * Reads a checkpoint of {@code length} bytes from {@code source} (left open).
     *
     * @throws IllegalArgumentException the bytes are not a readable checkpoint (see the class comment)
     * @throws IOException when {@code source} fails
     */
    public static Checkpoint decode(InputStream source, long length) throws IOException {
        return BinaryFormat.decode(source, length, "checkpoint", MAGIC, OLDEST, VERSION, CheckpointCodec::read);
    }

    /**
     * An upper bound of the encoded size of a run's checkpoints, known before the run starts: the network state,
     * the optimizer state (one moment for SGD, two for Adam/AdamW), the best-so-far weights
     * (kept when there is a validation split), the data order of {@code trainRows} rows, and the specs.
     */
    public static long sizeBound(NetworkSpec network, TrainingSpec training, int trainRows) {
        long state = network.stateFloats();
        long params = network.parameterCount();
        long moments = training.optimizer().type() == OptimizerSpec.Type.SGD ? params : 2 * params;
        long best = training.validationFraction() > 0 ? state : 0;
        long tensors = 3L * (network.hiddenLayers().size() * 4L + 4); // their length prefixes, generously
        return 4 * (state + moments + best + trainRows + tensors) + SPEC_BYTES;
    }

    /** Room for both specs, the metrics and the fixed fields: far more than they take. */
    private static final long SPEC_BYTES = 64 * 1024;

    private static void write(DataOutputStream out, Checkpoint c) throws IOException {
        SpecIo.writeNetwork(out, c.networkSpec);
        SpecIo.writeTraining(out, c.trainingSpec);
        out.writeLong(c.dataFingerprint);
        BinaryFormat.writeTensors(out, c.weights);
        BinaryFormat.writeTensors(out, c.optimizerState);
        out.writeLong(c.optimizerStep);
        out.writeLong(c.rngState);
        out.writeInt(c.epoch);
        out.writeInt(c.batch);
        BinaryFormat.writeInts(out, c.permutation);
        out.writeDouble(c.validationLoss);
        BestSoFar best = c.best;
        out.writeDouble(best.score());
        out.writeInt(best.bestEpoch());
        out.writeInt(best.epochsSinceBest());
        boolean same = sameBits(best.weights(), c.weights);
        out.writeBoolean(same);
        if (!same) {
            BinaryFormat.writeTensors(out, best.weights());
        }
        SpecIo.writeMetrics(out, best.bestMetrics());
        SpecIo.writeMetrics(out, best.lastMetrics());
    }

    /** True when both hold the same tensors bit for bit (NaN payloads included); false when either is null. */
    static boolean sameBits(float[][] a, float[][] b) {
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        for (int t = 0; t < a.length; t++) {
            if (a[t].length != b[t].length) {
                return false;
            }
            for (int i = 0; i < a[t].length; i++) {
                if (Float.floatToRawIntBits(a[t][i]) != Float.floatToRawIntBits(b[t][i])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float[][] copy(float[][] tensors) {
        float[][] copy = new float[tensors.length][];
        for (int t = 0; t < tensors.length; t++) {
            copy[t] = tensors[t].clone();
        }
        return copy;
    }

    private static Checkpoint read(DataInputStream in, int version) throws IOException {
        NetworkSpec ns = SpecIo.readNetwork(in);
        TrainingSpec ts = SpecIo.readTraining(in, version);
        long fingerprint = in.readLong();
        float[][] weights = BinaryFormat.readTensors(in);
        float[][] optimizerState = BinaryFormat.readTensors(in);
        long step = in.readLong();
        long rngState = in.readLong();
        int epoch = in.readInt();
        int batch = in.readInt();
        int[] permutation = BinaryFormat.readInts(in);
        double validationLoss = in.readDouble();
        double score = in.readDouble();
        int bestEpoch = in.readInt();
        int epochsSinceBest = in.readInt();
        boolean same = version >= 2 && in.readBoolean();
        if (same && weights == null) {
            throw new IOException("the best-so-far weights refer to weights the checkpoint does not hold");
        }
        float[][] bestWeights = same ? copy(weights) : BinaryFormat.readTensors(in);
        BestSoFar best = new BestSoFar(
                score, bestEpoch, epochsSinceBest, bestWeights, SpecIo.readMetrics(in), SpecIo.readMetrics(in));
        return new Checkpoint(
                ns,
                ts,
                fingerprint,
                weights,
                optimizerState,
                step,
                rngState,
                epoch,
                batch,
                permutation,
                validationLoss,
                best);
    }
}
