package io.dropwise.engine;

/** Validation of specs against each other and the data, with messages that say what to change. */
final class Specs {

    private Specs() {}

    /**
     * Rejects a drop probability outside [0, 1) (including NaN), and one that the masks' 16-bit draws round to 1
     * (see {@link LayerSpec#DROP_PROBABILITY_LIMIT}): either would drop every unit.
     */
    static void checkDropProbability(String field, double dropProbability) {
        String problem = dropProbabilityProblem(dropProbability);
        if (problem != null) {
            throw new IllegalArgumentException(field + " " + problem);
        }
    }

    /** The one drop-probability rule: what is wrong with {@code p}, or null when it is valid. */
    static String dropProbabilityProblem(double p) {
        if (!(p >= 0 && p < 1)) {
            return "is the probability of dropping a unit and must be in [0, 1) (1 would drop every unit), got " + p;
        }
        if (p >= LayerSpec.DROP_PROBABILITY_LIMIT) {
            return p + " drops every unit: masks are drawn with a resolution of 2^-16, so a drop probability must be "
                    + "below 1 - 2^-17 = " + LayerSpec.DROP_PROBABILITY_LIMIT + " (use at most 0.99999)";
        }
        return null;
    }

    /** Checks the specs and then the data; stops at the first problem of the data (one bad row says enough). */
    static void validate(NetworkSpec ns, TrainingSpec ts, Dataset data) {
        require(data != null, "data is required");
        SpecProblems problems = new SpecProblems();
        check(ns, ts, problems);
        problems.throwIfAny();
        validateData(ns, data);
    }

    /** Records every problem of the two specs; each rule is one {@code require} (field, then what to change). */
    static void check(NetworkSpec ns, TrainingSpec ts, SpecProblems p) {
        p.require(ns != null, "networkSpec", "is required");
        p.require(ts != null, "trainingSpec", "is required");
        if (ns == null || ts == null) {
            return;
        }
        network(ns, p);
        training(ts, p);
        // one row normalized by its own statistics gives β whatever the input, and never updates the running ones
        p.require(
                ts.batchSize() >= 2 || ns.hiddenLayers().stream().noneMatch(LayerSpec::batchNorm),
                "batchSize",
                "must be at least 2 when a layer uses batch norm, got " + ts.batchSize());
        // a regression run has no validation accuracy: no epoch would be its best, and it would stop after patience
        p.require(
                ts.earlyStopping() == null
                        || ts.earlyStopping().metric() != EarlyStopping.Metric.VALIDATION_ACCURACY
                        || ns.task() == Task.CLASSIFICATION,
                "earlyStopping.metric",
                "validationAccuracy needs a classification dataset; a regression run stops early on validationLoss");
    }

    private static void validateData(NetworkSpec ns, Dataset data) {
        require(data.rows() >= 1 && data.features() >= 1, "the dataset has no rows or no features");
        require(
                data.x() != null && data.x().length == data.rows() * data.features(),
                "dataset x must hold rows * features = " + data.rows() * data.features() + " values");
        for (int i = 0; i < data.x().length; i++) {
            float v = data.x()[i];
            if (!Float.isFinite(v)) { // the message only when needed: building one per value cost seconds per run
                throw new IllegalArgumentException("row " + i / data.features() + ", feature " + i % data.features()
                        + " is " + v + ": every feature value must be a finite number");
            }
        }
        require(
                data.features() == ns.inputSize(),
                "the dataset has " + data.features() + " features but the network's inputSize is " + ns.inputSize());
        require(data.task() == ns.task(), "the dataset is " + data.task() + " but the network is " + ns.task());
        if (data.labels() != null) {
            require(data.labels().length == data.rows(), "dataset labels must have one entry per row");
            require(
                    data.classes() == ns.outputSize(),
                    "the dataset has " + data.classes() + " classes but the network's outputSize is "
                            + ns.outputSize());
            for (int label : data.labels()) {
                if (label < 0 || label >= data.classes()) {
                    throw new IllegalArgumentException("label " + label + " is outside [0, " + data.classes() + ")");
                }
            }
        } else {
            require(
                    data.targets() != null && data.targets().length == data.rows(),
                    "a regression dataset needs one target per row");
            for (int r = 0; r < data.rows(); r++) {
                if (!Float.isFinite(data.targets()[r])) {
                    throw new IllegalArgumentException("the target of row " + r + " is not a finite number");
                }
            }
        }
    }

    private static void network(NetworkSpec ns, SpecProblems p) {
        p.require(
                ns.inputSize() >= 1,
                "inputSize",
                "must be at least 1 (the number of input features), got " + ns.inputSize());
        p.require(ns.task() != null, "task", "is required");
        p.require(ns.dropoutScaling() != null, "dropoutScaling", "is required");
        p.require(
                ns.task() == Task.REGRESSION ? ns.outputSize() == 1 : ns.outputSize() >= 2,
                "outputSize",
                "must be the number of classes (at least 2) for classification and 1 for regression, got "
                        + ns.outputSize());
        // drop probabilities need no rule here: LayerSpec and NetworkSpec cannot hold a wrong one
        for (int l = 0; l < ns.hiddenLayers().size(); l++) {
            LayerSpec layer = ns.hiddenLayers().get(l);
            String field = "hiddenLayers[" + l + "].";
            p.require(layer.units() >= 1, field + "units", "must be at least 1, got " + layer.units());
            p.require(layer.activation() != null, field + "activation", "is required");
        }
    }

    private static void training(TrainingSpec ts, SpecProblems p) {
        p.require(ts.epochs() >= 1, "epochs", "must be at least 1, got " + ts.epochs());
        p.require(ts.batchSize() >= 1, "batchSize", "must be at least 1, got " + ts.batchSize());
        OptimizerSpec o = ts.optimizer();
        p.require(o != null && o.type() != null, "optimizer", "is required, with a type");
        if (o != null) {
            p.require(
                    o.learningRate() > 0 && Double.isFinite(o.learningRate()),
                    "optimizer.learningRate",
                    "must be a finite number > 0, got " + o.learningRate());
            p.require(o.momentum() >= 0 && o.momentum() < 1, "optimizer.momentum", unit(o.momentum()));
            p.require(o.beta1() >= 0 && o.beta1() < 1, "optimizer.beta1", unit(o.beta1()));
            p.require(o.beta2() >= 0 && o.beta2() < 1, "optimizer.beta2", unit(o.beta2()));
            // checked for SGD too, which ignores it, so that switching the type never makes a spec invalid
            p.require(
                    o.epsilon() > 0 && Double.isFinite(o.epsilon()),
                    "optimizer.epsilon",
                    "must be a finite number > 0, got " + o.epsilon());
            p.require(atLeastZero(o.weightDecay()), "optimizer.weightDecay", finite(o.weightDecay()));
        }
        p.require(atLeastZero(ts.l1()), "l1", finite(ts.l1()));
        p.require(atLeastZero(ts.l2()), "l2", finite(ts.l2()));
        p.require(atLeastZero(ts.maxNorm()), "maxNorm", finite(ts.maxNorm()) + " (0 disables it)");
        p.require(
                ts.validationFraction() >= 0 && ts.validationFraction() < 1,
                "validationFraction",
                unit(ts.validationFraction()) + " (0 trains on every row)");
        p.require(ts.featureScaling() != null, "featureScaling", "is required");
        p.require(
                ts.checkpointEveryEpochs() >= 0,
                "checkpointEveryEpochs",
                "must be at least 0 (0 checkpoints only at the end), got " + ts.checkpointEveryEpochs());
        p.require(ts.blasThreads() >= 0, "blasThreads", "must be at least 0 (0: no cap), got " + ts.blasThreads());
        EarlyStopping es = ts.earlyStopping();
        p.require(
                es == null || es.patience() >= 0,
                "earlyStopping.patience",
                "must be at least 0 (0 disables early stopping), got " + (es == null ? 0 : es.patience()));
        LearningRateSchedule s = ts.schedule();
        if (s != null) {
            // checked whatever the kind, so that switching the kind never makes a spec invalid
            p.require(s.stepEpochs() >= 1, "schedule.stepEpochs", "must be at least 1, got " + s.stepEpochs());
            p.require(
                    s.epochs() >= 0,
                    "schedule.epochs",
                    "must be at least 0 (0: the training's epochs), got " + s.epochs());
            p.require(
                    s.gamma() > 0 && s.gamma() <= 1,
                    "schedule.gamma",
                    "is the factor a step multiplies the learning rate by and must be in (0, 1], got " + s.gamma());
            p.require(atLeastZero(s.minLearningRate()), "schedule.minLearningRate", finite(s.minLearningRate()));
            p.require(
                    s.kind() != LearningRateSchedule.Kind.COSINE
                            || o == null
                            || s.minLearningRate() <= o.learningRate(),
                    "schedule.minLearningRate",
                    "must not exceed the optimizer's learningRate (" + (o == null ? 0 : o.learningRate()) + "), got "
                            + s.minLearningRate());
        }
    }

    private static boolean atLeastZero(double value) {
        return value >= 0 && Double.isFinite(value);
    }

    private static String finite(double value) {
        return "must be a finite number >= 0, got " + value;
    }

    private static String unit(double value) {
        return "must be in [0, 1), got " + value;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
