package io.dropwise.engine;

/** Versioned binary format of a trained {@link Model} (magic, version, CRC32), as served by prediction. */
public final class ModelCodec {

    private ModelCodec() {}

    public static byte[] encode(Model model) {
        throw new IllegalStateException("engine: codec pending");
    }

    public static Model decode(byte[] bytes) {
        throw new IllegalStateException("engine: codec pending");
    }
}
