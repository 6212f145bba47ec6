package io.dropwise.sweep;

import io.dropwise.engine.Activation;
import io.dropwise.engine.Dataset;
import io.dropwise.engine.DropoutScaling;
import io.dropwise.engine.EarlyStopping;
import io.dropwise.engine.FeatureScaling;
import io.dropwise.engine.Folds;
import io.dropwise.engine.LayerSpec;
import io.dropwise.engine.LearningRateSchedule;
import io.dropwise.engine.Model;
import io.dropwise.engine.NetworkSpec;
import io.dropwise.engine.OptimizerSpec;
import io.dropwise.engine.Task;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingListener;
import io.dropwise.engine.TrainingResult;
import io.dropwise.engine.TrainingSpec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A program (not a test) that replays in process, without the service, what a sweep over
 * {@code model.hiddenLayers[*].dropout} does on a training subset of the built-in {@code digits}, for several
 * training seeds, and compares the chosen rate's refit with the no-dropout trial's refit on the held-out rows. It
 * does what {@link SweepDropoutIntegrationTests} does through the job queue: the rows shuffled with
 * {@code new Random(subsetSeed)}, the first {@code rows} uploaded (the rest held out); stratified {@link Folds} with
 * the validation seed; each fold job's spec is the base with the trial's rate, validation fraction {@code 1/k} and
 * early stopping on the objective's metric; a fold's score is the objective at its best epoch, a trial's the
 * (population) mean and std over its folds, the best the lowest cost (ties: the lower rate index); a refit trains the
 * trial's spec on every row for the median of its folds' best epochs, its schedule spanning the trials' epochs. The
 * engine specs are built with the job
 * spec's defaults ({@code JobSpecs}): ReLU, standardized inputs, inverted dropout; the schedule is an argument.
 *
 * <p>Arguments are {@code key=value}; see {@link #main} for the keys and defaults (the defaults are the integration
 * test's setting; its javadoc lists the settings tried and their per-seed results). It prints per seed the CV means,
 * the pick, the held-out accuracy and log loss of the refits, and a summary with the worst accuracy margin in rows.
 * About a minute for 8 seeds of the default setting on a quiet 2-core machine (2 x 512: 3 to 4). Run after
 * {@code ./mvnw -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.dropwise.sweep.DropoutSettingExplorer seeds=1-8 rows=300 units=800 schedule=cosine epochs=100
 * </pre>
 */
public final class DropoutSettingExplorer {

    private final Map<String, String> args;
    private final int rows;
    private final int folds;
    private final long foldSeed;
    private final boolean byLoss;
    private final double[] rates;

    private DropoutSettingExplorer(Map<String, String> args) {
        this.args = args;
        this.rows = Integer.parseInt(arg("rows", "600"));
        this.folds = Integer.parseInt(arg("folds", "3"));
        this.foldSeed = Long.parseLong(arg("foldSeed", "1"));
        this.byLoss = arg("objective", "accuracy").startsWith("loss");
        this.rates = Arrays.stream(arg("rates", "0,0.25,0.5").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    /**
     * Keys: {@code seeds} (e.g. {@code 1-8} or {@code 11,12}), {@code rows} 600, {@code subsetSeed} 2026,
     * {@code folds} 3, {@code foldSeed} 1, {@code rates} 0,0.25,0.5, {@code units} 1024, {@code layers} 1,
     * {@code inputDropout} 0, {@code epochs} 120, {@code patience} 25, {@code batch} 32, {@code optimizer} adam|sgd,
     * {@code lr} (adam 0.001, sgd 0.05), {@code momentum} 0.9, {@code nesterov} true, {@code l2} 0,
     * {@code maxNorm} 3, {@code schedule} constant|cosine, {@code objective} accuracy|loss, {@code parallel} 2,
     * {@code refitAll} false (refit every rate, not just the chosen one and 0), {@code refitSchedule} trial|refit
     * (the refit's cosine schedule spans the trials' {@code epochs}, as the service's refit does since the schedule
     * has a length of its own; {@code refit}: its own, shorter epochs, as the service's refit did before).
     */
    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new DropoutSettingExplorer(args).run();
    }

    private String arg(String key, String fallback) {
        return args.getOrDefault(key, fallback);
    }

    private void run() throws Exception {
        List<String> lines = digits();
        List<String> shuffled = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(shuffled, new Random(Long.parseLong(arg("subsetSeed", "2026"))));
        Dataset train = dataset(shuffled.subList(0, rows));
        List<String> heldOut = shuffled.subList(rows, shuffled.size());
        float[][] heldX = new float[heldOut.size()][];
        int[] heldY = new int[heldOut.size()];
        for (int i = 0; i < heldOut.size(); i++) {
            float[] row = parse(heldOut.get(i));
            heldX[i] = Arrays.copyOf(row, row.length - 1);
            heldY[i] = (int) row[row.length - 1];
        }
        int[][] validation = Folds.kFold(train, folds, foldSeed);
        List<Long> seeds = seeds(arg("seeds", "1-8"));
        System.out.printf(
                Locale.ROOT,
                "setting: %s; %d training rows, %d held out; load %.2f%n",
                new java.util.TreeMap<>(args),
                rows,
                heldOut.size(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long started = System.nanoTime();
        int parallel = Integer.parseInt(arg("parallel", "2"));
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        Map<String, Future<TrainingResult>> foldRuns = new HashMap<>();
        for (long seed : seeds) {
            for (double rate : rates) {
                for (int f = 0; f < folds; f++) {
                    TrainingSpec spec = training(seed, Integer.parseInt(arg("epochs", "120")), 1.0 / folds, 0);
                    int[] rowsOfFold = validation[f];
                    foldRuns.put(
                            seed + "/" + rate + "/" + f,
                            pool.submit(() -> new Trainer(network(rate), spec)
                                    .fit(train, rowsOfFold, TrainingListener.NONE, () -> false, () -> 1)));
                }
            }
        }
        boolean refitAll = Boolean.parseBoolean(arg("refitAll", "false"));
        int accuracyWins = 0;
        int lossWins = 0;
        int nonZero = 0;
        int worstMargin = Integer.MAX_VALUE;
        List<String> table = new ArrayList<>();
        for (long seed : seeds) {
            double bestCost = Double.POSITIVE_INFINITY;
            int best = -1;
            int[] refitEpochs = new int[rates.length];
            StringBuilder cv = new StringBuilder();
            for (int r = 0; r < rates.length; r++) {
                double[] scores = new double[folds];
                int[] bestEpochs = new int[folds];
                for (int f = 0; f < folds; f++) {
                    TrainingResult result =
                            foldRuns.get(seed + "/" + rates[r] + "/" + f).get();
                    scores[f] = byLoss
                            ? result.bestMetrics().validationLoss()
                            : result.bestMetrics().validationAccuracy();
                    bestEpochs[f] = result.bestEpoch();
                }
                double mean = Arrays.stream(scores).sum() / folds;
                double std = Math.sqrt(
                        Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum() / folds);
                double cost = byLoss ? mean : -mean;
                if (cost < bestCost) {
                    bestCost = cost;
                    best = r;
                }
                int[] sorted = bestEpochs.clone();
                Arrays.sort(sorted);
                refitEpochs[r] = folds % 2 == 1
                        ? sorted[folds / 2]
                        : (int) Math.round((sorted[folds / 2 - 1] + sorted[folds / 2]) / 2.0);
                cv.append(String.format(
                        Locale.ROOT,
                        "  %.2f: %.4f ± %.4f (best epochs %s)",
                        rates[r],
                        mean,
                        std,
                        Arrays.toString(bestEpochs)));
            }
            List<Integer> refit = new ArrayList<>(List.of(best));
            for (int r = 0; r < rates.length; r++) {
                if (!refit.contains(r) && (r == 0 || refitAll)) {
                    refit.add(r);
                }
            }
            Map<Integer, Future<TrainingResult>> refits = new HashMap<>();
            for (int r : refit) {
                // as the service's refit: the trials' schedule length (refitSchedule=refit: the refit's, as before)
                int length = arg("refitSchedule", "trial").equals("trial") ? Integer.parseInt(arg("epochs", "120")) : 0;
                TrainingSpec spec = training(seed, Math.max(1, refitEpochs[r]), 0, length);
                double rate = rates[r];
                refits.put(
                        r,
                        pool.submit(() -> new Trainer(network(rate), spec)
                                .fit(train, null, TrainingListener.NONE, () -> false, () -> 1)));
            }
            StringBuilder held = new StringBuilder();
            double[][] metrics = new double[rates.length][];
            for (int r : refit) {
                metrics[r] = heldOut(refits.get(r).get().model(), heldX, heldY);
                held.append(String.format(
                        Locale.ROOT,
                        "  %.2f (%d epochs): acc %.4f, log loss %.4f",
                        rates[r],
                        refitEpochs[r],
                        metrics[r][0],
                        metrics[r][1]));
            }
            nonZero += best != 0 ? 1 : 0;
            boolean accWin = best != 0 && metrics[best][0] > metrics[0][0];
            boolean lossWin = best != 0 && metrics[best][1] < metrics[0][1];
            accuracyWins += accWin ? 1 : 0;
            int margin = (int) Math.round((metrics[best][0] - metrics[0][0]) * heldY.length);
            worstMargin = Math.min(worstMargin, margin);
            lossWins += lossWin ? 1 : 0;
            System.out.printf(Locale.ROOT, "seed %d: CV%s -> %.2f; held out%s%n", seed, cv, rates[best], held);
            table.add(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.2f | %.4f / %.4f (%+d rows) | %.4f / %.4f |",
                    seed,
                    cv.toString().trim().replaceAll(" \\(best epochs [^)]*\\)", ""),
                    rates[best],
                    metrics[best][0],
                    metrics[0][0],
                    margin,
                    metrics[best][1],
                    metrics[0][1]));
        }
        pool.shutdown();
        table.forEach(System.out::println);
        System.out.printf(
                Locale.ROOT,
                "summary: non-zero pick %d/%d, held-out accuracy win %d/%d (worst margin %+d rows), log-loss win %d/%d;"
                        + " %.0f s, load %.2f%n",
                nonZero,
                seeds.size(),
                accuracyWins,
                seeds.size(),
                worstMargin,
                lossWins,
                seeds.size(),
                (System.nanoTime() - started) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private NetworkSpec network(double rate) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(arg("layers", "1")); i++) {
            layers.add(new LayerSpec(Integer.parseInt(arg("units", "1024")), Activation.RELU, rate, false));
        }
        return new NetworkSpec(
                64,
                10,
                Task.CLASSIFICATION,
                Double.parseDouble(arg("inputDropout", "0")),
                layers,
                DropoutScaling.INVERTED);
    }

    private TrainingSpec training(long seed, int epochs, double validationFraction, int scheduleLength) {
        boolean sgd = arg("optimizer", "adam").equals("sgd");
        double lr = Double.parseDouble(arg("lr", sgd ? "0.05" : "0.001"));
        OptimizerSpec optimizer = sgd
                ? OptimizerSpec.sgd(
                        lr, Double.parseDouble(arg("momentum", "0.9")), Boolean.parseBoolean(arg("nesterov", "true")))
                : OptimizerSpec.adam(lr);
        LearningRateSchedule schedule = arg("schedule", "constant").equals("cosine")
                ? new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 10, 0.5, 0, scheduleLength)
                : new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 10, 0.5, 0);
        return new TrainingSpec(
                epochs,
                Integer.parseInt(arg("batch", "32")),
                optimizer,
                0,
                Double.parseDouble(arg("l2", "0")),
                Double.parseDouble(arg("maxNorm", "3")),
                schedule,
                validationFraction,
                new EarlyStopping(
                        Integer.parseInt(arg("patience", "25")),
                        byLoss ? EarlyStopping.Metric.VALIDATION_LOSS : EarlyStopping.Metric.VALIDATION_ACCURACY),
                FeatureScaling.STANDARDIZE,
                seed,
                0,
                1);
    }

    /** Accuracy and log loss (probabilities floored at 1e-7, as the integration test does) on the held-out rows. */
    private static double[] heldOut(Model model, float[][] x, int[] y) {
        float[][] p = model.predict(x);
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            int best = 0;
            for (int j = 1; j < p[i].length; j++) {
                best = p[i][j] > p[i][best] ? j : best;
            }
            correct += best == y[i] ? 1 : 0;
            loss -= Math.log(Math.max(1e-7, p[i][y[i]]));
        }
        return new double[] {(double) correct / x.length, loss / x.length};
    }

    /** The rows as the service parses an upload of them: 64 numeric features, classes "0".."9" in natural order. */
    private static Dataset dataset(List<String> lines) {
        float[] x = new float[lines.size() * 64];
        int[] labels = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            float[] row = parse(lines.get(i));
            System.arraycopy(row, 0, x, i * 64, 64);
            labels[i] = (int) row[64];
        }
        return Dataset.classification(lines.size(), 64, x, labels, 10);
    }

    private static float[] parse(String line) {
        String[] cells = line.split(",");
        float[] row = new float[cells.length];
        for (int j = 0; j < cells.length; j++) {
            row[j] = Float.parseFloat(cells[j]);
        }
        return row;
    }

    private static List<Long> seeds(String spec) {
        List<Long> seeds = new ArrayList<>();
        for (String part : spec.split(",")) {
            int dash = part.indexOf('-', 1);
            if (dash < 0) {
                seeds.add(Long.parseLong(part));
            } else {
                for (long s = Long.parseLong(part.substring(0, dash));
                        s <= Long.parseLong(part.substring(dash + 1));
                        s++) {
                    seeds.add(s);
                }
            }
        }
        return seeds;
    }

    private static List<String> digits() throws IOException {
        try (InputStream in = DropoutSettingExplorer.class.getResourceAsStream("/datasets/digits.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
