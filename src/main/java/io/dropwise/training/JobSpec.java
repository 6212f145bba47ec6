package io.dropwise.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.webhook.Notify;
import java.util.List;

/**
 * A training job as a client submits it ({@code POST /jobs}) and as it is stored: every field but {@code datasetId}
 * is optional in a request, and {@link JobSpecs#normalize} fills in the documented defaults. Enum values are the
 * JSON spellings ({@code leaky_relu}, {@code weight-scaling}, {@code validationLoss}, ...).
 *
 * @param name the model the job registers a version of; default: the dataset's name
 * @param notification {@code notify} in JSON ({@code notify()} is {@link Object#notify()}): where to POST the job's
 *     end (README, Jobs › Webhooks); its {@code secret} is never written back, so it is not in the stored spec
 */
public record JobSpec(
        String name,
        String datasetId,
        ModelSettings model,
        Training training,

        @JsonProperty("notify") @JsonInclude(JsonInclude.Include.NON_NULL)
        Notify notification) {

    /** A spec without {@code notify}. */
    public JobSpec(String name, String datasetId, ModelSettings model, Training training) {
        this(name, datasetId, model, training, null);
    }

    /**
     * @param inputDropout probability of dropping each input feature during training, in [0, 1)
     */
    public record ModelSettings(Double inputDropout, List<HiddenLayer> hiddenLayers) {}

    /**
     * One hidden layer: dense, then batch norm (if {@code batchNorm}), activation, dropout.
     *
     * @param dropout probability of dropping each unit of the layer's output during training, in [0, 1)
     */
    public record HiddenLayer(Integer units, ActivationName activation, Double dropout, Boolean batchNorm) {}

    /**
     * @param maxNorm the bound {@code c} on the L2 norm of each unit's incoming weight vector; 0 disables it; default 3.
     *     Under inverted dropout (the default scaling) the trained weights are the inference weights, while the paper
     *     (Srivastava et al. 2014) bounds the training-time weights that inference then scales by the keep probability
     *     {@code q = 1 - p}: our {@code c = 3} is the paper's {@code c = 3 / q} on the layer a dropout of {@code p}
     *     feeds (6 at {@code p = 0.5}). To reproduce the paper's {@code c} under inverted dropout, set
     *     {@code maxNorm = c * q}; under {@code weight-scaling} the two are the same.
     */
    public record Training(
            Integer epochs,
            Integer batchSize,
            OptimizerSettings optimizer,
            Double l1,
            Double l2,
            Double maxNorm,
            Double validationFraction,
            EarlyStoppingSettings earlyStopping,
            Long seed,
            Integer checkpointEveryEpochs,
            DropoutScalingMode dropoutScaling,
            FeatureScalingMode featureScaling,
            ScheduleSettings learningRateSchedule,
            BlasThreads blasThreads) {}

    public record OptimizerSettings(
            OptimizerType type,
            Double learningRate,
            Double momentum,
            Boolean nesterov,
            Double beta1,
            Double beta2,
            Double epsilon,
            Double weightDecay) {}

    /** {@code patience = 0} disables early stopping; so does {@code validationFraction = 0}. */
    public record EarlyStoppingSettings(Integer patience, EarlyStoppingMetric metric) {}

    /**
     * @param stepEpochs {@code step}: multiply the rate by {@code gamma} every this many epochs
     * @param minLearningRate {@code cosine}: the rate reached at the schedule's last epoch
     * @param epochs {@code cosine}: the schedule's length (PyTorch's {@code T_max} + 1): the rate anneals over this
     *     many epochs and stays at {@code minLearningRate} after them; absent (left out of the echo too): the
     *     training's {@code epochs}. {@code constant} and {@code step} ignore it. A sweep's refit, which trains
     *     for fewer epochs than its trials, sets it to their {@code epochs}
     */
    public record ScheduleSettings(
            ScheduleType type,
            Integer stepEpochs,
            Double gamma,
            Double minLearningRate,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer epochs) {}

    public enum ActivationName {
        @JsonProperty("relu")
        RELU(io.dropwise.engine.Activation.RELU),
        @JsonProperty("leaky_relu")
        LEAKY_RELU(io.dropwise.engine.Activation.LEAKY_RELU),
        @JsonProperty("elu")
        ELU(io.dropwise.engine.Activation.ELU),
        @JsonProperty("tanh")
        TANH(io.dropwise.engine.Activation.TANH),
        @JsonProperty("sigmoid")
        SIGMOID(io.dropwise.engine.Activation.SIGMOID),
        @JsonProperty("linear")
        LINEAR(io.dropwise.engine.Activation.LINEAR);

        final io.dropwise.engine.Activation engine;

        ActivationName(io.dropwise.engine.Activation engine) {
            this.engine = engine;
        }
    }

    public enum OptimizerType {
        @JsonProperty("sgd")
        SGD(OptimizerSpec.Type.SGD),
        @JsonProperty("adam")
        ADAM(OptimizerSpec.Type.ADAM),
        @JsonProperty("adamw")
        ADAMW(OptimizerSpec.Type.ADAMW);

        final OptimizerSpec.Type engine;

        OptimizerType(OptimizerSpec.Type engine) {
            this.engine = engine;
        }
    }

    public enum DropoutScalingMode {
        @JsonProperty("inverted")
        INVERTED(io.dropwise.engine.DropoutScaling.INVERTED),
        @JsonProperty("weight-scaling")
        WEIGHT_SCALING(io.dropwise.engine.DropoutScaling.WEIGHT_SCALING);

        final io.dropwise.engine.DropoutScaling engine;

        DropoutScalingMode(io.dropwise.engine.DropoutScaling engine) {
            this.engine = engine;
        }
    }

    public enum FeatureScalingMode {
        @JsonProperty("standardize")
        STANDARDIZE(io.dropwise.engine.FeatureScaling.STANDARDIZE),
        @JsonProperty("minmax")
        MINMAX(io.dropwise.engine.FeatureScaling.MINMAX),
        @JsonProperty("none")
        NONE(io.dropwise.engine.FeatureScaling.NONE);

        final io.dropwise.engine.FeatureScaling engine;

        FeatureScalingMode(io.dropwise.engine.FeatureScaling engine) {
            this.engine = engine;
        }
    }

    public enum EarlyStoppingMetric {
        @JsonProperty("validationLoss")
        VALIDATION_LOSS(io.dropwise.engine.EarlyStopping.Metric.VALIDATION_LOSS),
        @JsonProperty("validationAccuracy")
        VALIDATION_ACCURACY(io.dropwise.engine.EarlyStopping.Metric.VALIDATION_ACCURACY);

        final io.dropwise.engine.EarlyStopping.Metric engine;

        EarlyStoppingMetric(io.dropwise.engine.EarlyStopping.Metric engine) {
            this.engine = engine;
        }
    }

    public enum ScheduleType {
        @JsonProperty("constant")
        CONSTANT(io.dropwise.engine.LearningRateSchedule.Kind.CONSTANT),
        @JsonProperty("step")
        STEP(io.dropwise.engine.LearningRateSchedule.Kind.STEP),
        @JsonProperty("cosine")
        COSINE(io.dropwise.engine.LearningRateSchedule.Kind.COSINE);

        final io.dropwise.engine.LearningRateSchedule.Kind engine;

        ScheduleType(io.dropwise.engine.LearningRateSchedule.Kind engine) {
            this.engine = engine;
        }
    }
}
