package io.dropwise.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Binary encoding of specs, metrics and the scaler inside the engine's formats. Enums are written by name. */
final class SpecIo {

    private SpecIo() {}

    static void writeNetwork(DataOutputStream out, NetworkSpec ns) throws IOException {
        out.writeInt(ns.inputSize());
        out.writeInt(ns.outputSize());
        out.writeUTF(ns.task().name());
        out.writeDouble(ns.inputDropProbability());
        out.writeUTF(ns.dropoutScaling().name());
        out.writeInt(ns.hiddenLayers().size());
        for (LayerSpec layer : ns.hiddenLayers()) {
            out.writeInt(layer.units());
            out.writeUTF(layer.activation().name());
            out.writeDouble(layer.dropProbability());
            out.writeBoolean(layer.batchNorm());
        }
    }

    static NetworkSpec readNetwork(DataInputStream in) throws IOException {
        int inputSize = in.readInt();
        int outputSize = in.readInt();
        Task task = Task.valueOf(in.readUTF());
        double inputDrop = in.readDouble();
        DropoutScaling scaling = DropoutScaling.valueOf(in.readUTF());
        int layers = BinaryFormat.checkedLength(in.readInt());
        List<LayerSpec> hidden = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            hidden.add(
                    new LayerSpec(in.readInt(), Activation.valueOf(in.readUTF()), in.readDouble(), in.readBoolean()));
        }
        return new NetworkSpec(inputSize, outputSize, task, inputDrop, hidden, scaling);
    }

    static void writeTraining(DataOutputStream out, TrainingSpec ts) throws IOException {
        out.writeInt(ts.epochs());
        out.writeInt(ts.batchSize());
        OptimizerSpec o = ts.optimizer();
        out.writeUTF(o.type().name());
        for (double v : new double[] {
            o.learningRate(),
            o.momentum(),
            o.beta1(),
            o.beta2(),
            o.epsilon(),
            o.weightDecay(),
            ts.l1(),
            ts.l2(),
            ts.maxNorm(),
            ts.validationFraction()
        }) {
            out.writeDouble(v);
        }
        out.writeBoolean(o.nesterov());
        LearningRateSchedule s = ts.schedule() != null ? ts.schedule() : LearningRateSchedule.constant();
        out.writeUTF(s.kind().name());
        out.writeInt(s.stepEpochs());
        out.writeDouble(s.gamma());
        out.writeDouble(s.minLearningRate());
        out.writeInt(s.epochs());
        EarlyStopping es = ts.earlyStopping() != null ? ts.earlyStopping() : EarlyStopping.off();
        out.writeInt(es.patience());
        out.writeUTF(es.metric().name());
        out.writeUTF(ts.featureScaling().name());
        out.writeLong(ts.seed());
        out.writeInt(ts.checkpointEveryEpochs());
        out.writeInt(ts.blasThreads());
    }

    /**
     * Reads what {@link #writeTraining} wrote in checkpoint format {@code version}: before version 3 the schedule has
     * no length of its own (read as {@code 0}, the training's epochs, which is what those versions trained with).
     */
    static TrainingSpec readTraining(DataInputStream in, int version) throws IOException {
        int epochs = in.readInt();
        int batchSize = in.readInt();
        OptimizerSpec.Type type = OptimizerSpec.Type.valueOf(in.readUTF());
        double[] v = new double[10];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        OptimizerSpec optimizer = new OptimizerSpec(type, v[0], v[1], in.readBoolean(), v[2], v[3], v[4], v[5]);
        LearningRateSchedule schedule = new LearningRateSchedule(
                LearningRateSchedule.Kind.valueOf(in.readUTF()),
                in.readInt(),
                in.readDouble(),
                in.readDouble(),
                version >= 3 ? in.readInt() : 0);
        EarlyStopping es = new EarlyStopping(in.readInt(), EarlyStopping.Metric.valueOf(in.readUTF()));
        FeatureScaling scaling = FeatureScaling.valueOf(in.readUTF());
        return new TrainingSpec(
                epochs,
                batchSize,
                optimizer,
                v[6],
                v[7],
                v[8],
                schedule,
                v[9],
                es,
                scaling,
                in.readLong(),
                in.readInt(),
                in.readInt());
    }

    static void writeMetrics(DataOutputStream out, EpochMetrics m) throws IOException {
        out.writeBoolean(m != null);
        if (m == null) {
            return;
        }
        out.writeInt(m.epoch());
        for (double v : new double[] {
            m.trainLoss(),
            m.trainAccuracy(),
            m.validationLoss(),
            m.validationAccuracy(),
            m.validationRmse(),
            m.gap(),
            m.learningRate(),
            m.samplesPerSecond()
        }) {
            out.writeDouble(v);
        }
        out.writeLong(m.epochMillis());
    }

    static EpochMetrics readMetrics(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int epoch = in.readInt();
        double[] v = new double[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        return new EpochMetrics(epoch, v[0], v[1], v[2], v[3], v[4], v[5], v[6], in.readLong(), v[7]);
    }

    static void writeScaler(DataOutputStream out, FeatureScaler scaler) throws IOException {
        BinaryFormat.writeFloats(out, scaler.offset);
        BinaryFormat.writeFloats(out, scaler.scale);
        out.writeFloat(scaler.targetMean);
        out.writeFloat(scaler.targetStd);
    }

    static FeatureScaler readScaler(DataInputStream in) throws IOException {
        return new FeatureScaler(
                BinaryFormat.readFloats(in), BinaryFormat.readFloats(in), in.readFloat(), in.readFloat());
    }
}
