package io.dropwise.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Versioned binary format of a {@link Checkpoint}: magic {@code "DWCK"}, format version (int, currently 1), payload,
 * CRC32. The payload holds both specs, a fingerprint of the training data, the canonical parameter state, the
 * optimizer moments and step count, the RNG state, epoch, batch, the current epoch's data order, the last validation
 * loss and the best-so-far state (score, epoch, patience counter, weights, metrics). Bad magic, an unknown version,
 * a bad checksum or truncation is an {@link IllegalArgumentException} that says which.
 */
public final class CheckpointCodec {

    static final int MAGIC = 0x4457434b; // "DWCK"
    static final int VERSION = 1;

    private CheckpointCodec() {}

    public static byte[] encode(Checkpoint checkpoint) {
        return BinaryFormat.encode(MAGIC, VERSION, out -> write(out, checkpoint));
    }

    public static Checkpoint decode(byte[] bytes) {
        return BinaryFormat.decode(bytes, "checkpoint", MAGIC, VERSION, CheckpointCodec::read);
    }

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
        BestSoFar best = new BestSoFar(in.readDouble(), in.readInt(), in.readInt(), BinaryFormat.readTensors(in),
                SpecIo.readMetrics(in), SpecIo.readMetrics(in));
        return new Checkpoint(ns, ts, fingerprint, weights, optimizerState, step, rngState, epoch, batch,
                permutation, validationLoss, best);
    }
}
