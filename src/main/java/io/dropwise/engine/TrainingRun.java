package io.dropwise.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The mutable state of one training run and its loop. Randomness: one generator seeded with the run's seed; its
 * first two splits seed the data split and the initialization, the generator itself then draws each epoch's data
 * order and every dropout mask, in that order. Its state is saved in every checkpoint. Products run on
 * up to {@code blasThreads} threads (every core when 0) through a {@link ParallelBlas}, whose results do not depend on
 * the thread count; how many of them take part is asked before every batch.
 */
final class TrainingRun {

    private final RunData run;
    private final ParallelBlas blas;
    private final Network net;
    private final Optimizer optimizer;
    private final Rng rng;
    private int epoch;
    private int batch;
    private int[] permutation;
    private double lastValidationLoss = Double.NaN;
    private BestSoFar best = BestSoFar.initial();
    private Model evaluationModel;
    private IntSupplier threads;

    private TrainingRun(RunData run, Rng rng) {
        this.run = run;
        this.rng = rng;
        TrainingSpec ts = run.trainingSpec;
        this.blas = new ParallelBlas(Blas.get(), maxThreads(ts));
        this.net = new Network(run.networkSpec, Math.min(ts.batchSize(), run.split.train().length), blas);
        this.optimizer = new Optimizer(ts.optimizer(), ts.l1(), ts.l2(), ts.maxNorm(), net.params(), blas);
    }

    static TrainingRun start(NetworkSpec networkSpec, TrainingSpec trainingSpec, Dataset data, int[] validationRows) {
        Rng root = new Rng(trainingSpec.seed());
        RunData run = RunData.prepare(networkSpec, trainingSpec, data, root.split(), validationRows);
        TrainingRun training = new TrainingRun(run, root);
        training.net.initialize(root.split());
        return training;
    }

    static TrainingRun restore(Checkpoint c, Dataset data, int[] validationRows) {
        Rng root = new Rng(c.trainingSpec.seed());
        RunData run = RunData.prepare(c.networkSpec, c.trainingSpec, data, root.split(), validationRows);
        if (run.fingerprint != c.dataFingerprint) {
            throw new IllegalArgumentException("the checkpoint was taken on different data (fingerprint mismatch); "
                    + "resume it with the dataset of the original run");
        }
        TrainingRun training = new TrainingRun(run, root);
        training.net.importState(c.weights);
        training.optimizer.importState(c.optimizerState, c.optimizerStep);
        training.rng.restore(c.rngState);
        training.epoch = c.epoch;
        training.batch = c.batch;
        training.permutation = c.permutation == null ? null : c.permutation.clone();
        training.lastValidationLoss = c.validationLoss;
        training.best = c.best;
        return training;
    }

    /** The team's size: the spec's cap, or every core the JVM sees when the spec sets none (0). */
    static int maxThreads(TrainingSpec ts) {
        return ts.blasThreads() > 0 ? ts.blasThreads() : Runtime.getRuntime().availableProcessors();
    }

    TrainingResult run(TrainingListener listener, BooleanSupplier stopRequested, IntSupplier threads) {
        this.threads = threads;
        try (blas) {
            return loop(listener, stopRequested);
        }
    }

    /** The result as of the restored position, without training (see {@link Trainer#stoppedAt}). */
    TrainingResult stoppedHere() {
        try (blas) {
            return result(TrainingResult.Outcome.STOPPED, List.of());
        }
    }

    private TrainingResult loop(TrainingListener listener, BooleanSupplier stopRequested) {
        TrainingSpec ts = run.trainingSpec;
        List<EpochMetrics> history = new ArrayList<>();
        while (epoch < ts.epochs()) {
            long started = System.nanoTime();
            if (!trainEpoch(stopRequested)) {
                listener.onCheckpoint(checkpoint());
                return result(TrainingResult.Outcome.STOPPED, history);
            }
            EpochMetrics metrics = endEpoch(started);
            history.add(metrics);
            listener.onEpochEnd(metrics, best.bestEpoch());
            if (!Double.isFinite(metrics.trainLoss())) {
                throw new IllegalArgumentException("training diverged in epoch " + epoch + " (the training loss is "
                        + metrics.trainLoss() + "): lower the learning rate or add max-norm/L2");
            }
            if (shouldStopEarly()) {
                listener.onCheckpoint(checkpoint());
                return result(TrainingResult.Outcome.EARLY_STOPPED, history);
            }
            int every = ts.checkpointEveryEpochs();
            boolean periodic = every > 0 && epoch % every == 0 && epoch < ts.epochs();
            if (periodic && listener.checkpointDue(epoch)) {
                listener.onCheckpoint(checkpoint());
            } else if (epoch < ts.epochs()) {
                listener.onEpochWithoutCheckpoint(epoch);
            }
        }
        listener.onCheckpoint(checkpoint());
        return result(TrainingResult.Outcome.COMPLETED, history);
    }

    /** Runs the remaining batches of the current epoch; false when a stop was requested at a batch boundary. */
    private boolean trainEpoch(BooleanSupplier stopRequested) {
        if (permutation == null) {
            permutation = run.split.train().clone();
            rng.shuffle(permutation);
        }
        double learningRate = run.learningRate(epoch);
        int batches = run.batchesPerEpoch();
        long trainingStarted = System.nanoTime();
        int samples = 0;
        for (; batch < batches; batch++) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            if (threads != null) {
                blas.threads(threads.getAsInt());
            }
            int rows = run.loadBatch(net.input, permutation, batch);
            net.forwardBackward(rows, run.batchLabels, run.batchTargets, rng);
            optimizer.step(learningRate);
            samples += rows;
        }
        run.recordThroughput(samples, System.nanoTime() - trainingStarted);
        return true;
    }

    private EpochMetrics endEpoch(long started) {
        batch = 0;
        permutation = null;
        epoch++;
        long evaluationStarted = System.nanoTime();
        float[][] state = net.exportState();
        if (evaluationModel == null) {
            evaluationModel = new Model(run.networkSpec, run.scaler, state);
        } else {
            evaluationModel.reload(state);
        }
        EpochMetrics metrics = run.metrics(evaluationModel, blas, epoch, started, evaluationStarted);
        lastValidationLoss = metrics.validationLoss();
        best = best.after(metrics, run.score(metrics), state);
        return metrics;
    }

    private boolean shouldStopEarly() {
        EarlyStopping es = run.trainingSpec.earlyStopping();
        return es != null
                && es.patience() > 0
                && run.split.validation().length > 0
                && best.epochsSinceBest() >= es.patience();
    }

    private Checkpoint checkpoint() {
        return new Checkpoint(
                run.networkSpec,
                run.trainingSpec,
                run.fingerprint,
                net.exportState(),
                optimizer.exportState(),
                optimizer.stepCount(),
                rng.state(),
                epoch,
                batch,
                permutation == null ? null : permutation.clone(),
                lastValidationLoss,
                best);
    }

    private TrainingResult result(TrainingResult.Outcome outcome, List<EpochMetrics> history) {
        if (best.lastMetrics() == null) {
            return new TrainingResult(outcome, null, List.copyOf(history), 0, null);
        }
        float[][] weights = best.weights() != null ? best.weights() : net.exportState();
        Model model = new Model(run.networkSpec, run.scaler, weights);
        return new TrainingResult(outcome, model, List.copyOf(history), best.bestEpoch(), best.bestMetrics());
    }
}
