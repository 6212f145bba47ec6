package io.dropwise.sweep;

import io.dropwise.dataset.DatasetProvider;
import io.dropwise.model.ModelRegistry;
import io.dropwise.training.JobSpec;
import io.dropwise.training.SweepJobs;
import io.dropwise.training.SweepJobs.SweepJob;
import io.dropwise.web.ValidationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Advances a sweep, one short transaction under the sweep's row lock (so two instances never both feed it): cancels
 * what must stop (a cancelled sweep, pruned trials, the rest of a failed trial), queues the next trials' fold jobs
 * as slots and queue room free up, and once every trial is done queues the refit and, when it succeeded, records
 * the model. Everything it decides follows from the stored state, so any instance, any number of times, after any
 * crash, does the same thing; a trial's jobs are inserted with the trial's row lock held and a unique
 * {@code (sweep_id, trial, fold)}, so they exist at most once.
 */
@Component
class SweepCoordinator {

    private static final Logger log = LoggerFactory.getLogger(SweepCoordinator.class);
    static final String BEST_ALIAS = "best";

    private final SweepRepository sweeps;
    private final SweepSnapshot snapshots;
    private final SweepJobs jobs;
    private final ModelRegistry registry;
    private final DatasetProvider datasets;
    private final JsonMapper json;
    private final SweepWebhooks webhooks;
    private final TransactionTemplate transactions;

    SweepCoordinator(
            SweepRepository sweeps,
            SweepSnapshot snapshots,
            SweepJobs jobs,
            ModelRegistry registry,
            DatasetProvider datasets,
            JsonMapper json,
            SweepWebhooks webhooks,
            PlatformTransactionManager transactionManager) {
        this.sweeps = sweeps;
        this.snapshots = snapshots;
        this.jobs = jobs;
        this.registry = registry;
        this.datasets = datasets;
        this.json = json;
        this.webhooks = webhooks;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Advances the sweep; a conflict with another instance or a failing database is left to the next tick. */
    void advance(String sweepId) {
        try {
            transactions.executeWithoutResult(tx -> advanceLocked(sweepId));
        } catch (DataAccessException | org.springframework.transaction.TransactionException e) {
            log.debug("Sweep {} not advanced this time: {}", sweepId, e.getMessage());
        }
    }

    private void advanceLocked(String sweepId) {
        SweepEntity sweep = sweeps.lock(sweepId).orElse(null);
        if (sweep == null || sweep.getStatus().isTerminal()) {
            return;
        }
        SweepSnapshot.State s = snapshots.load(sweep);
        Instant now = now();
        if (s.allJobs().stream().anyMatch(j -> j.startedAt() != null)) {
            sweep.running(now);
        }
        if (sweep.isCancelRequested()) {
            s.allJobs().forEach(j -> jobs.cancel(j.id(), "sweep-cancelled"));
            finish(s, SweepStatus.CANCELLED, null, now);
            log.info("Sweep {} cancelled", sweepId);
            return;
        }
        if (sweep.getRefitJobId() != null) {
            refitEnded(s, now);
            return;
        }
        for (Leaderboard.Trial t : s.results()) {
            if (t.state() == Leaderboard.TrialState.FAILED && t.active()) {
                s.jobsByTrial().get(t.trial()).forEach(j -> jobs.cancel(j.id(), "trial-failed"));
            }
        }
        if (SweepPlan.medianPruning(s.request())) {
            for (int trial : snapshots.toPrune(s)) {
                log.info("Sweep {}: trial {} pruned (worse than the median)", sweepId, trial);
                s.jobsByTrial().get(trial).forEach(j -> jobs.cancel(j.id(), Leaderboard.PRUNED));
            }
        }
        feed(s);
        if (s.results().stream().allMatch(Leaderboard.Trial::done)) {
            trialsDone(s, now);
        }
    }

    /**
     * In the transaction that stores a new sweep (no other transaction sees it yet, so no lock is needed): queues
     * its first trials' jobs, so that they commit with the sweep instead of one coordinator pass later.
     */
    void feedNew(SweepEntity sweep) {
        SweepSnapshot.State s = snapshots.load(sweep);
        feed(s);
        // under the queue lock feed took: a deletion of the dataset either committed before (seen here) or waits and
        // then finds this sweep (SweepDatasetInUse)
        if (!datasets.exists(sweep.getDatasetId())) {
            throw ValidationException.of(
                    "base.datasetId",
                    "dataset '" + sweep.getDatasetId() + "' was deleted while the sweep was being submitted;"
                            + " GET /datasets lists the available ones");
        }
    }

    private void feed(SweepSnapshot.State s) {
        SweepEntity sweep = s.sweep();
        long active = s.results().stream().filter(Leaderboard.Trial::active).count();
        boolean pending = s.results().stream().anyMatch(t -> t.state() == Leaderboard.TrialState.PENDING);
        // the queue lock only when a trial may be queued: most passes (a tick, pruning) queue nothing
        long queued = pending && active < s.request().maxConcurrentTrials() ? jobs.lockQueueAndCount() : 0;
        int places = jobs.sweepQueuePlaces();
        for (Leaderboard.Trial t : s.results()) {
            if (active >= s.request().maxConcurrentTrials()) {
                return;
            }
            if (t.state() != Leaderboard.TrialState.PENDING) {
                continue;
            }
            if (queued + sweep.getFolds() > places) {
                // no room for the trial's jobs next to what is queued (hand-posted jobs keep a quarter of the
                // queue): it waits, and the next tick or job end looks again; k <= places was checked at submission
                return;
            }
            JobSpec spec = jobs.read(s.trialRows().get(t.trial()).specJson());
            for (int fold = 0; fold < sweep.getFolds(); fold++) {
                jobs.submit(
                        spec,
                        sweep.getId(),
                        t.trial(),
                        fold,
                        SweepPlan.split(s.request().validation(), fold));
            }
            active++;
            queued += sweep.getFolds();
        }
    }

    private void trialsDone(SweepSnapshot.State s, Instant now) {
        SweepEntity sweep = s.sweep();
        if (s.ranking().isEmpty()) {
            finish(s, SweepStatus.FAILED, "no trial succeeded: every trial was pruned, failed or cancelled", now);
            log.info("Sweep {} failed: no trial succeeded", sweep.getId());
            return;
        }
        int best = s.ranking().get(0);
        sweep.best(best);
        if (!s.request().refit()) {
            finish(s, SweepStatus.SUCCEEDED, null, now);
            log.info("Sweep {} succeeded: best trial {}", sweep.getId(), best);
            return;
        }
        Leaderboard.Trial trial = s.results().get(best);
        List<Integer> bestEpochs =
                trial.folds().stream().map(Leaderboard.Fold::bestEpoch).sorted().toList();
        int n = bestEpochs.size();
        int epochs = n % 2 == 1
                ? bestEpochs.get(n / 2)
                : (int) Math.round((bestEpochs.get(n / 2 - 1) + bestEpochs.get(n / 2)) / 2.0);
        ObjectNode tree = json.valueToTree(jobs.read(s.trialRows().get(best).specJson()));
        refitTraining((ObjectNode) tree.get("training"), Math.max(1, epochs));
        SweepJobs.SpecCheck refit = jobs.check(
                json.treeToValue(tree, JobSpec.class),
                datasets.describe(sweep.getDatasetId()).orElse(null));
        if (!refit.problems().isEmpty()) {
            finish(s, SweepStatus.FAILED, "the refit job's spec was refused: " + refit.problems(), now);
            return;
        }
        String jobId = jobs.submit(refit.spec(), sweep.getId(), best, null, null);
        sweep.refit(jobId, now);
        log.info(
                "Sweep {}: best trial {}, refit job {} on every row for {} epochs", sweep.getId(), best, jobId, epochs);
    }

    /**
     * The refit's training: every row, for {@code epochs} (its folds' median best epoch). A cosine schedule that spans
     * the training's epochs keeps the trials' length, so that the refit's epoch e has the learning rate the folds had
     * in their epoch e: shortened with the epochs, it would anneal in the few epochs the refit runs, and the refit
     * would not be the model that cross-validation scored.
     */
    static void refitTraining(ObjectNode training, int epochs) {
        int trialEpochs = training.get("epochs").asInt();
        training.put("epochs", epochs);
        training.put("validationFraction", 0.0);
        if (training.get("learningRateSchedule") instanceof ObjectNode schedule
                && "cosine".equals(schedule.path("type").asString(""))
                && !schedule.path("epochs").isNumber()
                && epochs < trialEpochs) {
            schedule.put("epochs", trialEpochs);
        }
    }

    private void refitEnded(SweepSnapshot.State s, Instant now) {
        SweepEntity sweep = s.sweep();
        SweepJob refit = s.allJobs().stream()
                .filter(j -> j.id().equals(sweep.getRefitJobId()))
                .findFirst()
                .orElse(null);
        if (refit == null || !refit.status().isTerminal()) {
            return;
        }
        switch (refit.status()) {
            case SUCCEEDED -> {
                if (refit.modelName() == null) {
                    return;
                }
                int best = sweep.getBestTrial();
                Leaderboard.Trial trial = s.results().get(best);
                ObjectNode provenance = json.createObjectNode();
                provenance.put("sweepId", sweep.getId());
                provenance.put("trial", best);
                provenance.set(
                        "params",
                        json.valueToTree(snapshots.params(s.trialRows().get(best))));
                provenance.put("objective", s.objective().json);
                provenance.put("mean", trial.mean());
                provenance.put("std", trial.std());
                provenance.put("folds", sweep.getFolds());
                registry.chosenBySweep(
                        refit.modelName(), refit.modelVersion(), json.writeValueAsString(provenance), BEST_ALIAS);
                sweep.model(refit.modelName(), refit.modelVersion());
                finish(s, SweepStatus.SUCCEEDED, null, now);
                log.info(
                        "Sweep {} succeeded: {} version {} (alias best)",
                        sweep.getId(),
                        refit.modelName(),
                        refit.modelVersion());
            }
            default ->
                finish(
                        s,
                        SweepStatus.FAILED,
                        "the refit job " + refit.id() + " ended " + refit.status()
                                + (refit.error() != null ? ": " + refit.error() : ""),
                        now);
        }
    }

    /** Ends the sweep and schedules its completion webhook, both in this transaction. */
    private void finish(SweepSnapshot.State s, SweepStatus status, String error, Instant now) {
        s.sweep().finish(status, error, now);
        webhooks.ended(s);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
