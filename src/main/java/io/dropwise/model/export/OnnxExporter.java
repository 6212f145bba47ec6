package io.dropwise.model.export;

import com.google.protobuf.ByteString;
import io.dropwise.engine.Activation;
import io.dropwise.engine.FoldedNetwork;
import io.dropwise.engine.Task;
import io.dropwise.model.export.onnx.Onnx.AttributeProto;
import io.dropwise.model.export.onnx.Onnx.GraphProto;
import io.dropwise.model.export.onnx.Onnx.ModelProto;
import io.dropwise.model.export.onnx.Onnx.NodeProto;
import io.dropwise.model.export.onnx.Onnx.OperatorSetIdProto;
import io.dropwise.model.export.onnx.Onnx.StringStringEntryProto;
import io.dropwise.model.export.onnx.Onnx.TensorProto;
import io.dropwise.model.export.onnx.Onnx.TensorShapeProto;
import io.dropwise.model.export.onnx.Onnx.TypeProto;
import io.dropwise.model.export.onnx.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * A {@link FoldedNetwork} as a standard ONNX model (IR version {@value #IR_VERSION}, default opset
 * {@value #OPSET}): input {@code input} FP32 {@code [N, inputWidth]} (the encoded row, as {@code /predict} and V2
 * take it), {@code Sub}/{@code Mul} for the feature scaling, one {@code Gemm} ({@code transB = 1}) plus activation per
 * layer with batch norm and the dropout weight scaling already folded into the weights, then {@code Softmax} to
 * output {@code probabilities} {@code [N, classes]}, or {@code Mul}/{@code Add} undoing the target scaling to output
 * {@code value} {@code [N, 1]}. Dropout is off, as in deterministic prediction.
 */
public final class OnnxExporter {

    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;
    public static final String INPUT = "input";
    public static final String PROBABILITIES = "probabilities";
    public static final String VALUE = "value";

    private OnnxExporter() {}

    /**
     * The serialized {@code ModelProto}.
     *
     * @param graphName the graph's name (the model's name)
     * @param modelVersion the registry's version number, as {@code model_version}
     * @param metadata written as {@code metadata_props}, in iteration order
     */
    public static byte[] export(
            FoldedNetwork network,
            String graphName,
            int modelVersion,
            String producerVersion,
            Map<String, String> metadata) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName(graphName);
        int width = network.spec().inputSize();
        graph.addInput(value(INPUT, width));
        graph.addInitializer(tensor("input_offset", network.inputOffsets(), width));
        graph.addInitializer(tensor("input_scale", network.inputScales(), width));
        graph.addNode(node("Sub", "scale_center", List.of(INPUT, "input_offset"), "centered"));
        graph.addNode(node("Mul", "scale_multiply", List.of("centered", "input_scale"), "scaled"));
        String h = "scaled";
        List<FoldedNetwork.Layer> layers = network.layers();
        for (int l = 0; l < layers.size(); l++) {
            FoldedNetwork.Layer layer = layers.get(l);
            String w = "layer" + l + "_weight";
            String b = "layer" + l + "_bias";
            graph.addInitializer(tensor(w, layer.weights(), layer.out(), layer.in()));
            graph.addInitializer(tensor(b, layer.biases(), layer.out()));
            String z = "layer" + l + "_linear";
            graph.addNode(
                    node("Gemm", "layer" + l + "_gemm", List.of(h, w, b), z).addAttribute(intAttribute("transB", 1)));
            h = z;
            if (layer.activation() != Activation.LINEAR) {
                String a = "layer" + l + "_" + layer.activation().name().toLowerCase(java.util.Locale.ROOT);
                graph.addNode(activation(layer.activation(), "layer" + l + "_activation", z, a));
                h = a;
            }
        }
        int outputs = network.spec().outputSize();
        if (network.spec().task() == Task.CLASSIFICATION) {
            graph.addNode(node("Softmax", "softmax", List.of(h), PROBABILITIES).addAttribute(intAttribute("axis", -1)));
            graph.addOutput(value(PROBABILITIES, outputs));
        } else {
            graph.addInitializer(tensor("target_std", new float[] {network.targetStd()}, 1));
            graph.addInitializer(tensor("target_mean", new float[] {network.targetMean()}, 1));
            graph.addNode(node("Mul", "target_multiply", List.of(h, "target_std"), "value_scaled"));
            graph.addNode(node("Add", "target_add", List.of("value_scaled", "target_mean"), VALUE));
            graph.addOutput(value(VALUE, outputs));
        }
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("dropwise")
                .setProducerVersion(producerVersion)
                .setModelVersion(modelVersion)
                .setDocString("Deterministic network of Dropwise model '" + graphName + "' version " + modelVersion
                        + ": feature scaling, folded batch norm and dropout scaling included, dropout off.")
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    private static NodeProto activation(Activation activation, String name, String in, String out) {
        return switch (activation) {
            case RELU -> node("Relu", name, List.of(in), out).build();
            case LEAKY_RELU ->
                node("LeakyRelu", name, List.of(in), out)
                        .addAttribute(floatAttribute("alpha", FoldedNetwork.LEAKY_SLOPE))
                        .build();
            case ELU ->
                node("Elu", name, List.of(in), out)
                        .addAttribute(floatAttribute("alpha", 1f))
                        .build();
            case TANH -> node("Tanh", name, List.of(in), out).build();
            case SIGMOID -> node("Sigmoid", name, List.of(in), out).build();
            case LINEAR -> node("Identity", name, List.of(in), out).build();
        };
    }

    private static NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(inputs)
                .addOutput(output);
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    /** A FLOAT initializer with its values as little-endian {@code raw_data}. */
    private static TensorProto tensor(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A FLOAT tensor [N, width] with a symbolic batch dimension. */
    private static ValueInfoProto value(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT_VALUE)
                                .setShape(shape)))
                .build();
    }
}
