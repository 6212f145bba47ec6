package io.dropwise.training;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.training.JobSpec.OptimizerSettings;
import io.dropwise.training.JobSpec.ScheduleSettings;
import io.dropwise.training.JobSpec.Training;
import java.util.List;

/** A normalized {@link JobSpec} as the engine's specs: the one mapping from the API's fields to the engine's. */
final class EngineSpecs {

    private EngineSpecs() {}

    /** The engine's network for a normalized spec on a dataset with this schema. */
    static NetworkSpec network(JobSpec spec, DatasetSchema schema) {
        Task task = schema.task();
        return network(
                spec,
                schema.encodedWidth(),
                task == Task.CLASSIFICATION ? schema.classes().size() : 1,
                task);
    }

    /** The engine's network for a normalized spec with these input and output widths. */
    static NetworkSpec network(JobSpec spec, int inputs, int outputs, Task task) {
        List<LayerSpec> layers = spec.model().hiddenLayers().stream()
                .map(l -> new LayerSpec(l.units(), l.activation().engine, l.dropout(), l.batchNorm()))
                .toList();
        return new NetworkSpec(
                inputs,
                outputs,
                task,
                spec.model().inputDropout(),
                layers,
                spec.training().dropoutScaling().engine);
    }

    /** The engine's training spec for a normalized spec. */
    static TrainingSpec training(JobSpec spec) {
        Training t = spec.training();
        OptimizerSettings o = t.optimizer();
        ScheduleSettings s = t.learningRateSchedule();
        return new TrainingSpec(
                t.epochs(),
                t.batchSize(),
                new OptimizerSpec(
                        o.type().engine,
                        o.learningRate(),
                        o.momentum(),
                        o.nesterov(),
                        o.beta1(),
                        o.beta2(),
                        o.epsilon(),
                        o.weightDecay()),
                t.l1(),
                t.l2(),
                t.maxNorm(),
                new LearningRateSchedule(
                        s.type().engine,
                        s.stepEpochs(),
                        s.gamma(),
                        s.minLearningRate(),
                        s.epochs() != null ? s.epochs() : 0),
                t.validationFraction(),
                new EarlyStopping(
                        t.earlyStopping().patience(), t.earlyStopping().metric().engine),
                t.featureScaling().engine,
                t.seed(),
                t.checkpointEveryEpochs(),
                t.blasThreads().engineCap());
    }
}
