package io.dropwise.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Versioned binary format of a {@link Checkpoint}: magic {@code "DWCK"}, format version (int, currently 1), payload,
 * CRC32. The payload holds both specs, a fingerprint of the training data, the canonical parameter state, the
 * optimizer moments and step count, the RNG state, epoch, batch, the current epoch's data order, the last validation
 * loss and the best-so-far state (score, epoch, patience counter, weights, metrics). Bad magic, an unknown version,
 * a bad checksum or truncation is an {@link IllegalArgumentException} that says which. The stream forms never hold
 * the encoded bytes whole: a checkpoint is written and read through a small buffer.
 */
public final class CheckpointCodec {

    static final int MAGIC = 0x4457434b; // "DWCK"
    static final int VERSION = 1;

    private CheckpointCodec() {}

    /** The format version {@link #encode} writes (and the only one {@link #decode} reads). */
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
        return BinaryFormat.decode(bytes, "checkpoint", MAGIC, VERSION, CheckpointCodec::read);
    }

    /**
     * Reads a checkpoint of {@code length} bytes from {@code source} (left open).
     *
     * @throws IllegalArgumentException the bytes are not a readable checkpoint (see the class comment)
     * @throws IOException when {@code source} fails
     */
    public static Checkpoint decode(InputStream source, long length) throws IOException {
        return BinaryFormat.decode(source, length, "checkpoint", MAGIC, VERSION, CheckpointCodec::read);
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
        BinaryFormat.writeTensors(out, best.weights());
        SpecIo.writeMetrics(out, best.bestMetrics());
        SpecIo.writeMetrics(out, best.lastMetrics());
    }

    private static Checkpoint read(DataInputStream in) throws IOException {
        NetworkSpec ns = SpecIo.readNetwork(in);
        TrainingSpec ts = SpecIo.readTraining(in);
        long fingerprint = in.readLong();
        float[][] weights = BinaryFormat.readTensors(in);
        float[][] optimizerState = BinaryFormat.readTensors(in);
        long step = in.readLong();
        long rngState = in.readLong();
        int epoch = in.readInt();
        int batch = in.readInt();
        int[] permutation = BinaryFormat.readInts(in);
        double validationLoss = in.readDouble();
        BestSoFar best = new BestSoFar(
                in.readDouble(),
                in.readInt(),
                in.readInt(),
                BinaryFormat.readTensors(in),
                SpecIo.readMetrics(in),
                SpecIo.readMetrics(in));
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
