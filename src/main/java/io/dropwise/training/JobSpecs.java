package io.dropwise.training;

import io.dropwise.config.LimitsProperties;
import io.dropwise.dataset.DatasetDescription;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.SpecProblems;
import io.dropwise.engine.Task;
import io.dropwise.engine.TrainingSpec;
import io.dropwise.training.JobSpec.ActivationName;
import io.dropwise.training.JobSpec.DropoutScalingMode;
import io.dropwise.training.JobSpec.EarlyStoppingMetric;
import io.dropwise.training.JobSpec.EarlyStoppingSettings;
import io.dropwise.training.JobSpec.FeatureScalingMode;
import io.dropwise.training.JobSpec.HiddenLayer;
import io.dropwise.training.JobSpec.ModelSettings;
import io.dropwise.training.JobSpec.OptimizerSettings;
import io.dropwise.training.JobSpec.OptimizerType;
import io.dropwise.training.JobSpec.ScheduleSettings;
import io.dropwise.training.JobSpec.ScheduleType;
import io.dropwise.training.JobSpec.Training;
import io.dropwise.web.Names;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fills the documented defaults into a submitted {@link JobSpec}, checks every field and maps the result to the
 * engine's specs. All problems are reported together: the service's own (limits, the dataset, API-only fields)
 * and the engine's range rules, which live only in the engine and come back through {@link EngineFields}.
 */
final class JobSpecs {

    static final int MAX_DATASET_ID = 64;
    static final int DEFAULT_UNITS = 64;
    static final int DEFAULT_LAYERS = 2;
    static final double DEFAULT_INPUT_DROPOUT = 0.2;
    static final double DEFAULT_DROPOUT = 0.5;
    static final int DEFAULT_EPOCHS = 50;
    static final int DEFAULT_BATCH_SIZE = 32;
    static final double DEFAULT_SGD_LEARNING_RATE = 0.05;
    static final double DEFAULT_ADAM_LEARNING_RATE = 0.001;
    static final double DEFAULT_MOMENTUM = 0.9;
    static final double DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;
    static final double DEFAULT_L2 = 1e-4;
    static final double DEFAULT_MAX_NORM = 3.0;
    static final double DEFAULT_VALIDATION_FRACTION = 0.2;
    static final int DEFAULT_PATIENCE = 10;
    static final long DEFAULT_SEED = 42;
    static final int DEFAULT_STEP_EPOCHS = 10;
    static final double DEFAULT_GAMMA = 0.5;
    static final double MAX_LEARNING_RATE = 10;
    static final int MAX_BLAS_THREADS = 64;

    /** A normalized spec and the engine specs it stands for. */
    record Plan(JobSpec spec, NetworkSpec network, TrainingSpec training) {}

    private JobSpecs() {}

    /**
     * @param datasets looks a dataset up by id
     * @param defaultBlasThreads {@code training.blasThreads} when the request has none: 0 for auto
     * @throws InvalidJobSpecException listing every invalid field
     */
    static Plan normalize(
            JobSpec request,
            Function<String, Optional<DatasetDescription>> datasets,
            LimitsProperties limits,
            int defaultBlasThreads) {
        String id = request.datasetId();
        DatasetDescription dataset = id == null || id.isBlank() || id.length() > MAX_DATASET_ID
                ? null
                : datasets.apply(id).orElse(null);
        Checked checked = check(request, dataset, limits, defaultBlasThreads);
        if (!checked.problems().isEmpty()) {
            throw new InvalidJobSpecException(checked.problems());
        }
        JobSpec spec = checked.spec();
        return new Plan(spec, EngineSpecs.network(spec, dataset.schema()), EngineSpecs.training(spec));
    }

    /**
     * A spec with every default filled in, and what is wrong with it (nothing when {@code problems} is empty; a
     * value refused by the engine is still in {@code spec}, one refused by a service limit is its default).
     */
    record Checked(JobSpec spec, List<FieldProblem> problems) {}

    /**
     * The one validation of a job spec: fills in the defaults and returns every problem at once, a plain function of
     * the spec, the dataset it names (null when there is none) and the limits, so that a sweep can check each of its
     * grid points without a database. The range rules are the engine's ({@link SpecProblems#of}); they come back
     * as field problems, never as a 500 later.
     */
    static Checked check(JobSpec request, DatasetDescription dataset, LimitsProperties limits, int defaultBlasThreads) {
        SpecChecker check = new SpecChecker();
        checkDataset(request.datasetId(), dataset, check);
        String name = request.name() != null ? request.name() : dataset != null ? dataset.name() : null;
        if (request.name() != null && !Names.isValid(request.name())) {
            check.fail("name", Names.RULE);
        }
        ModelSettings model = model(request.model(), limits, check);
        Training training = training(request.training(), limits, defaultBlasThreads, check);
        JobSpec spec = new JobSpec(name, request.datasetId(), model, training, request.notification());
        // without a dataset the architecture is still checked, on a stand-in shape the engine accepts
        NetworkSpec network = dataset != null
                ? EngineSpecs.network(spec, dataset.schema())
                : EngineSpecs.network(spec, 1, 2, Task.CLASSIFICATION);
        SpecProblems.of(network, EngineSpecs.training(spec)).forEach(p -> check.add(EngineFields.of(p)));
        if (dataset != null && check.ok() && network.parameterCount() > limits.maxParameters()) {
            check.fail(
                    "model.hiddenLayers",
                    "the model would have " + network.parameterCount()
                            + " parameters on this dataset; at most " + limits.maxParameters()
                            + " are allowed (dropwise.limits.max-parameters): use fewer or smaller layers");
        }
        return new Checked(spec, check.problems());
    }

    private static void checkDataset(String datasetId, DatasetDescription dataset, SpecChecker check) {
        if (datasetId == null || datasetId.isBlank()) {
            check.fail("datasetId", "is required: the id of an uploaded or built-in dataset (GET /datasets)");
        } else if (datasetId.length() > MAX_DATASET_ID) {
            check.fail("datasetId", "must be at most " + MAX_DATASET_ID + " characters");
        } else if (dataset == null) {
            check.fail("datasetId", "no dataset with id '" + datasetId + "'; GET /datasets lists the available ones");
        }
    }

    private static ModelSettings model(ModelSettings request, LimitsProperties limits, SpecChecker check) {
        ModelSettings m = request != null ? request : new ModelSettings(null, null);
        double inputDropout = check.dropout("model.inputDropout", m.inputDropout(), DEFAULT_INPUT_DROPOUT);
        List<HiddenLayer> requested = m.hiddenLayers();
        if (requested == null) {
            requested = new ArrayList<>();
            for (int i = 0; i < DEFAULT_LAYERS; i++) {
                requested.add(new HiddenLayer(null, null, null, null));
            }
        }
        if (requested.size() > limits.maxLayers()) {
            check.fail(
                    "model.hiddenLayers",
                    "at most " + limits.maxLayers() + " hidden layers are allowed (dropwise.limits.max-layers), got "
                            + requested.size());
        }
        List<HiddenLayer> layers = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            layers.add(layer("model.hiddenLayers[" + i + "]", requested.get(i), limits, check));
        }
        return new ModelSettings(inputDropout, List.copyOf(layers));
    }

    private static HiddenLayer layer(String field, HiddenLayer request, LimitsProperties limits, SpecChecker check) {
        if (request == null) {
            check.fail(field, "must be an object such as {\"units\": 64}, not null");
        }
        HiddenLayer l = request != null ? request : new HiddenLayer(null, null, null, null);
        int units = check.atMost(
                field + ".units",
                l.units(),
                DEFAULT_UNITS,
                limits.maxUnitsPerLayer(),
                "dropwise.limits.max-units-per-layer");
        ActivationName activation = l.activation() != null ? l.activation() : ActivationName.RELU;
        double dropout = check.dropout(field + ".dropout", l.dropout(), DEFAULT_DROPOUT);
        boolean batchNorm = l.batchNorm() != null && l.batchNorm();
        return new HiddenLayer(units, activation, dropout, batchNorm);
    }

    private static Training training(
            Training request, LimitsProperties limits, int defaultBlasThreads, SpecChecker check) {
        Training t = request != null
                ? request
                : new Training(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        int epochs = check.atMost(
                "training.epochs", t.epochs(), DEFAULT_EPOCHS, limits.maxEpochs(), "dropwise.limits.max-epochs");
        int batchSize = check.atMost(
                "training.batchSize",
                t.batchSize(),
                DEFAULT_BATCH_SIZE,
                limits.maxBatchSize(),
                "dropwise.limits.max-batch-size");
        OptimizerSettings optimizer = optimizer(t.optimizer(), check);
        boolean adamw = optimizer.type() == OptimizerType.ADAMW;
        double l1 = or(t.l1(), 0.0);
        double l2 = or(t.l2(), adamw ? 0.0 : DEFAULT_L2);
        double maxNorm = or(t.maxNorm(), DEFAULT_MAX_NORM);
        double validationFraction = or(t.validationFraction(), DEFAULT_VALIDATION_FRACTION);
        EarlyStoppingSettings es =
                t.earlyStopping() != null ? t.earlyStopping() : new EarlyStoppingSettings(null, null);
        int patience = check.atMost(
                "training.earlyStopping.patience",
                es.patience(),
                DEFAULT_PATIENCE,
                limits.maxEpochs(),
                "dropwise.limits.max-epochs");
        EarlyStoppingMetric metric = es.metric() != null ? es.metric() : EarlyStoppingMetric.VALIDATION_LOSS;
        long seed = t.seed() != null ? t.seed() : DEFAULT_SEED;
        int checkpointEvery = check.atMost(
                "training.checkpointEveryEpochs",
                t.checkpointEveryEpochs(),
                1,
                limits.maxEpochs(),
                "dropwise.limits.max-epochs");
        ScheduleSettings schedule = schedule(t.learningRateSchedule(), limits, check);
        BlasThreads blasThreads =
                t.blasThreads() != null ? t.blasThreads() : BlasThreads.ofProperty(defaultBlasThreads);
        if (!blasThreads.auto() && (blasThreads.threads() < 1 || blasThreads.threads() > MAX_BLAS_THREADS)) {
            // the engine reads 0 as no cap; the API asks for "auto" by name
            check.fail(
                    "training.blasThreads",
                    "must be \"auto\" or a whole number from 1 to " + MAX_BLAS_THREADS + ", got "
                            + blasThreads.threads());
            blasThreads = BlasThreads.ofProperty(defaultBlasThreads);
        }
        return new Training(
                epochs,
                batchSize,
                optimizer,
                l1,
                l2,
                maxNorm,
                validationFraction,
                new EarlyStoppingSettings(patience, metric),
                seed,
                checkpointEvery,
                t.dropoutScaling() != null ? t.dropoutScaling() : DropoutScalingMode.INVERTED,
                t.featureScaling() != null ? t.featureScaling() : FeatureScalingMode.STANDARDIZE,
                schedule,
                blasThreads);
    }

    private static OptimizerSettings optimizer(OptimizerSettings request, SpecChecker check) {
        OptimizerSettings o =
                request != null ? request : new OptimizerSettings(null, null, null, null, null, null, null, null);
        OptimizerType type = o.type() != null ? o.type() : OptimizerType.SGD;
        boolean sgd = type == OptimizerType.SGD;
        String f = "training.optimizer.";
        double learningRate = check.atMost(
                f + "learningRate",
                o.learningRate(),
                sgd ? DEFAULT_SGD_LEARNING_RATE : DEFAULT_ADAM_LEARNING_RATE,
                MAX_LEARNING_RATE);
        double momentum = or(o.momentum(), sgd ? DEFAULT_MOMENTUM : 0);
        boolean nesterov = o.nesterov() != null ? o.nesterov() : sgd;
        double beta1 = or(o.beta1(), 0.9);
        double beta2 = or(o.beta2(), 0.999);
        double epsilon = check.atMost(f + "epsilon", o.epsilon(), 1e-8, 1);
        double weightDecay = or(o.weightDecay(), type == OptimizerType.ADAMW ? DEFAULT_ADAMW_WEIGHT_DECAY : 0);
        return new OptimizerSettings(type, learningRate, momentum, nesterov, beta1, beta2, epsilon, weightDecay);
    }

    private static ScheduleSettings schedule(ScheduleSettings request, LimitsProperties limits, SpecChecker check) {
        ScheduleSettings s = request != null ? request : new ScheduleSettings(null, null, null, null, null);
        String f = "training.learningRateSchedule.";
        ScheduleType type = s.type() != null ? s.type() : ScheduleType.CONSTANT;
        int stepEpochs = check.atMost(
                f + "stepEpochs",
                s.stepEpochs(),
                DEFAULT_STEP_EPOCHS,
                limits.maxEpochs(),
                "dropwise.limits.max-epochs");
        Integer epochs = s.epochs();
        if (epochs != null && epochs < 1) {
            // 0 would be the engine's "the training's epochs": the API says that by leaving the field out
            check.fail(f + "epochs", "must be at least 1 (leave it out for the training's epochs), got " + epochs);
            epochs = null;
        }
        if (epochs != null
                && check.atMost(f + "epochs", epochs, 0, limits.maxEpochs(), "dropwise.limits.max-epochs") == 0) {
            epochs = null; // refused
        }
        return new ScheduleSettings(
                type, stepEpochs, or(s.gamma(), DEFAULT_GAMMA), or(s.minLearningRate(), 0.0), epochs);
    }

    private static double or(Double value, double fallback) {
        return value != null ? value : fallback;
    }
}
