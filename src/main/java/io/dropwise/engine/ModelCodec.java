package io.dropwise.engine;

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
        return BinaryFormat.encode(MAGIC, VERSION, out -> {
            SpecIo.writeNetwork(out, model.spec);
            SpecIo.writeScaler(out, model.scaler);
            BinaryFormat.writeTensors(out, model.state);
        });
    }

    public static Model decode(byte[] bytes) {
        return BinaryFormat.decode(bytes, "model", MAGIC, VERSION, in -> {
            NetworkSpec spec = SpecIo.readNetwork(in);
            FeatureScaler scaler = SpecIo.readScaler(in);
            float[][] state = BinaryFormat.readTensors(in);
            return new Model(spec, scaler, state);
        });
    }
}
