package io.dropwise.engine;

/** Validation of specs against each other and the data, with messages that say what to change. */
final class Specs {

    private Specs() {}

    /**
     * Rejects a drop probability outside [0, 1) (including NaN), and one that the masks' 16-bit draws round to 1
     * (see {@link LayerSpec#DROP_PROBABILITY_LIMIT}): either would drop every unit.
     */
    static void checkDropProbability(String field, double dropProbability) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException(field + " is the probability of dropping a unit and must be in "
                    + "[0, 1), got " + dropProbability);
        }
        if (dropProbability >= LayerSpec.DROP_PROBABILITY_LIMIT) {
            throw new IllegalArgumentException(field + " " + dropProbability + " drops every unit: masks are drawn "
                    + "with a resolution of 2^-16, so a drop probability must be below 1 - 2^-17 = "
                    + LayerSpec.DROP_PROBABILITY_LIMIT + " (use at most 0.99999)");
        }
    }

    static void validate(NetworkSpec ns, TrainingSpec ts, Dataset data) {
        require(ns != null && ts != null && data != null, "network spec, training spec and data are required");
        validateNetwork(ns);
        validateTraining(ts);
        validateTogether(ns, ts);
        validateData(ns, data);
    }

    /** Rules that need both specs. */
    static void validateTogether(NetworkSpec ns, TrainingSpec ts) {
        boolean batchNorm = ns.hiddenLayers().stream().anyMatch(LayerSpec::batchNorm);
        // one row normalized by its own statistics gives β whatever the input, and never updates the running ones
        require(!batchNorm || ts.batchSize() >= 2, "batch norm needs at least 2 rows per batch: use batchSize >= 2 "
                + "or turn batchNorm off");
    }

    private static void validateData(NetworkSpec ns, Dataset data) {
        require(data.rows() >= 1 && data.features() >= 1, "the dataset has no rows or no features");
        require(data.x() != null && data.x().length == data.rows() * data.features(),
                "dataset x must hold rows * features = " + data.rows() * data.features() + " values");
        for (int i = 0; i < data.x().length; i++) {
            float v = data.x()[i];
            require(Float.isFinite(v), "row " + i / data.features() + ", feature " + i % data.features() + " is " + v
                    + ": every feature value must be a finite number");
        }
        require(data.features() == ns.inputSize(), "the dataset has " + data.features()
                + " features but the network's inputSize is " + ns.inputSize());
        require(data.task() == ns.task(), "the dataset is " + data.task() + " but the network is " + ns.task());
        if (data.labels() != null) {
            require(data.labels().length == data.rows(), "dataset labels must have one entry per row");
            require(data.classes() == ns.outputSize(), "the dataset has " + data.classes()
                    + " classes but the network's outputSize is " + ns.outputSize());
            for (int label : data.labels()) {
                require(label >= 0 && label < data.classes(), "label " + label + " is outside [0, "
                        + data.classes() + ")");
            }
        } else {
            require(data.targets() != null && data.targets().length == data.rows(),
                    "a regression dataset needs one target per row");
            for (int r = 0; r < data.rows(); r++) {
                require(Float.isFinite(data.targets()[r]), "the target of row " + r + " is not a finite number");
            }
        }
    }

    static void validateNetwork(NetworkSpec ns) {
        require(ns.inputSize() >= 1, "inputSize must be at least 1");
        require(ns.task() != null && ns.dropoutScaling() != null, "task and dropoutScaling are required");
        require(ns.task() == Task.CLASSIFICATION ? ns.outputSize() >= 2 : ns.outputSize() == 1,
                "outputSize must be the number of classes (>= 2) for classification and 1 for regression");
        checkDropProbability("inputDropProbability", ns.inputDropProbability());
        for (int l = 0; l < ns.hiddenLayers().size(); l++) {
            LayerSpec layer = ns.hiddenLayers().get(l);
            require(layer.units() >= 1, "hidden layer " + l + " needs at least 1 unit");
            require(layer.activation() != null, "hidden layer " + l + " needs an activation");
            checkDropProbability("hidden layer " + l + " dropProbability", layer.dropProbability());
        }
    }

    static void validateTraining(TrainingSpec ts) {
        require(ts.epochs() >= 1, "epochs must be at least 1");
        require(ts.batchSize() >= 1, "batchSize must be at least 1");
        OptimizerSpec o = ts.optimizer();
        require(o != null && o.type() != null, "an optimizer is required");
        require(o.learningRate() > 0 && Double.isFinite(o.learningRate()), "learningRate must be positive");
        require(o.momentum() >= 0 && o.momentum() < 1, "momentum must be in [0, 1)");
        require(o.beta1() >= 0 && o.beta1() < 1 && o.beta2() >= 0 && o.beta2() < 1, "beta1, beta2 must be in [0, 1)");
        require(o.epsilon() > 0 || o.type() == OptimizerSpec.Type.SGD, "epsilon must be positive");
        require(o.weightDecay() >= 0, "weightDecay must be >= 0");
        require(ts.l1() >= 0 && ts.l2() >= 0, "l1 and l2 must be >= 0");
        require(ts.maxNorm() >= 0, "maxNorm must be >= 0 (0 disables it)");
        require(ts.validationFraction() >= 0 && ts.validationFraction() < 1, "validationFraction must be in [0, 1)");
        require(ts.featureScaling() != null, "featureScaling is required");
        require(ts.checkpointEveryEpochs() >= 0, "checkpointEveryEpochs must be >= 0");
        require(ts.blasThreads() >= 0, "blasThreads must be >= 0 (0 means 1)");
        EarlyStopping es = ts.earlyStopping();
        require(es == null || es.patience() >= 0, "earlyStopping.patience must be >= 0");
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
