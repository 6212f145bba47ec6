package io.dropwise.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Versioned binary format of a trained {@link Model}, as served by prediction: magic {@code "DWMD"}, format version
 * (int, currently 1), the network spec, the feature scaler, the canonical parameter state (weights, biases,
 * batch-norm parameters and running statistics), then a CRC32. A decoded model predicts bit-identically to the
 * encoded one. Bad magic, an unknown version, a bad checksum or truncation is an {@link IllegalArgumentException}.
 */
public final class ModelCodec {

    static final int MAGIC = 0x44574d44; // "DWMD"
    static final int VERSION = 1;

    private ModelCodec() {}

    public static byte[] encode(Model model) {
        return BinaryFormat.encode(MAGIC, VERSION, out -> write(out, model));
    }

    /** Writes the model to {@code sink} (left open) through a small buffer; returns the number of bytes written. */
    public static long encode(Model model, OutputStream sink) throws IOException {
        return BinaryFormat.encode(sink, MAGIC, VERSION, out -> write(out, model));
    }

    public static Model decode(byte[] bytes) {
        return BinaryFormat.decode(bytes, "model", MAGIC, VERSION, ModelCodec::read);
    }

    /** Reads a model of {@code length} bytes from {@code source} (left open) through a small buffer. */
    public static Model decode(InputStream source, long length) throws IOException {
        return BinaryFormat.decode(source, length, "model", MAGIC, VERSION, ModelCodec::read);
    }

    /** The encoded size of a model of this network, give or take the specs (a bound: see CheckpointCodec). */
    public static long sizeBound(NetworkSpec network) {
        long tensors = 3L * (network.hiddenLayers().size() * 4L + 4);
        return 4 * (network.stateFloats() + 2L * network.inputSize() + tensors) + 64 * 1024;
    }

    private static void write(java.io.DataOutputStream out, Model model) throws IOException {
        SpecIo.writeNetwork(out, model.spec);
        SpecIo.writeScaler(out, model.scaler);
        BinaryFormat.writeTensors(out, model.state);
    }

    private static Model read(java.io.DataInputStream in) throws IOException {
        NetworkSpec spec = SpecIo.readNetwork(in);
        FeatureScaler scaler = SpecIo.readScaler(in);
        float[][] state = BinaryFormat.readTensors(in);
        return new Model(spec, scaler, state);
    }
}
