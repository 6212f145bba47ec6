package io.dropwise.sweep;

import io.dropwise.web.ApiException;
import io.dropwise.web.PageRequests;
import io.dropwise.web.PageView;
import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.webhook.Webhooks;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Submitting, reading and cancelling sweeps. */
@Service
class SweepService {

    private static final Logger log = LoggerFactory.getLogger(SweepService.class);
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private final SweepPlanner planner;
    private final SweepRepository sweeps;
    private final SweepTrialRepository trials;
    private final SweepSnapshot snapshots;
    private final SweepTicker ticker;
    private final SweepCoordinator coordinator;
    private final JsonMapper json;
    private final Webhooks webhooks;
    private final TransactionTemplate transactions;
    private final TransactionTemplate reads;
    private final SecureRandom random = new SecureRandom();

    SweepService(
            SweepPlanner planner,
            SweepRepository sweeps,
            SweepTrialRepository trials,
            SweepSnapshot snapshots,
            SweepTicker ticker,
            SweepCoordinator coordinator,
            JsonMapper json,
            Webhooks webhooks,
            PlatformTransactionManager transactionManager) {
        this.planner = planner;
        this.sweeps = sweeps;
        this.trials = trials;
        this.snapshots = snapshots;
        this.ticker = ticker;
        this.coordinator = coordinator;
        this.json = json;
        this.webhooks = webhooks;
        this.transactions = new TransactionTemplate(transactionManager);
        this.reads = new TransactionTemplate(transactionManager);
        this.reads.setReadOnly(true);
    }

    /**
     * Checks the whole sweep (every trial's spec), then stores it together with the fold jobs of its first trials
     * (as many as {@code maxConcurrentTrials} and the queue allow); the coordinator feeds the rest as jobs end.
     */
    SweepViews.SweepView submit(SweepRequest request) {
        SweepPlan plan = planner.plan(request);
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        String id = "sweep-" + HexFormat.of().formatHex(bytes);
        transactions.executeWithoutResult(tx -> {
            SweepEntity sweep = sweeps.save(new SweepEntity(
                    id,
                    plan.name(),
                    plan.datasetId(),
                    json.writeValueAsString(plan.request()),
                    plan.trials().size(),
                    plan.folds(),
                    SweepCoordinator.now()));
            for (SweepPlan.Trial t : plan.trials()) {
                trials.save(new SweepTrialEntity(
                        id, t.index(), json.writeValueAsString(t.params()), json.writeValueAsString(t.spec())));
            }
            webhooks.subscribe(SweepWebhooks.KIND, id, request.notification());
            // the first trials' jobs commit with the sweep: the workers start on them as they would on POST /jobs
            coordinator.feedNew(sweep);
        });
        ticker.wake(); // this instance looks at its sweeps every tick again
        log.info(
                "Sweep {} queued: '{}' on dataset {}, {} trials x {} folds",
                id,
                plan.name(),
                plan.datasetId(),
                plan.trials().size(),
                plan.folds());
        return get(id);
    }

    SweepViews.SweepView get(String id) {
        return reads.execute(tx -> view(find(id)));
    }

    PageView<SweepViews.SweepSummaryView> list(int page, int size) {
        return reads.execute(tx -> PageView.of(
                sweeps.findAll(PageRequests.of(page, size, NEWEST_FIRST, List.<FieldProblem>of())), this::summary));
    }

    /** Cancels the sweep and its queued and running jobs; 409 when it already ended otherwise. */
    SweepViews.SweepView cancel(String id) {
        transactions.executeWithoutResult(tx -> {
            SweepEntity sweep = sweeps.lock(id).orElseThrow(() -> notFound(id));
            if (sweep.getStatus() == SweepStatus.SUCCEEDED || sweep.getStatus() == SweepStatus.FAILED) {
                throw new ApiException(
                                HttpStatus.CONFLICT,
                                "sweep-finished",
                                "Sweep finished",
                                "Sweep " + id + " is " + sweep.getStatus()
                                        + "; only a queued or running sweep can be cancelled.")
                        .with("sweepStatus", sweep.getStatus());
            }
            sweep.requestCancel();
        });
        // the coordinator cancels the jobs and ends the sweep, under the sweep's lock like every other change
        ticker.advanceNow(id);
        return get(id);
    }

    private SweepEntity find(String id) {
        return sweeps.findById(id).orElseThrow(() -> notFound(id));
    }

    static ApiException notFound(String id) {
        return new ApiException(
                HttpStatus.NOT_FOUND, "sweep-not-found", "Sweep not found", "No sweep has id '" + id + "'.");
    }

    SweepViews.SweepView view(SweepEntity sweep) {
        SweepSnapshot.State s = snapshots.load(sweep);
        List<SweepViews.TrialView> trialViews = s.results().stream()
                .map(t -> new SweepViews.TrialView(
                        t.trial(),
                        snapshots.params(s.trialRows().get(t.trial())),
                        t.state().name(),
                        t.folds().stream()
                                .map(f -> new SweepViews.FoldView(
                                        f.fold(), f.jobId(), f.status(), f.bestEpoch(), f.score()))
                                .toList(),
                        t.mean(),
                        t.std(),
                        t.gap()))
                .toList();
        return new SweepViews.SweepView(
                sweep.getId(),
                sweep.getName(),
                sweep.getDatasetId(),
                sweep.getStatus(),
                sweep.isCancelRequested(),
                s.objective().json,
                progress(s),
                trialViews,
                s.ranking(),
                best(s),
                sweep.getRefitJobId(),
                model(sweep),
                sweep.getError(),
                sweep.getCreatedAt(),
                sweep.getStartedAt(),
                sweep.getFinishedAt(),
                json.readTree(sweep.getRequestJson()));
    }

    private SweepViews.SweepSummaryView summary(SweepEntity sweep) {
        SweepSnapshot.State s = snapshots.load(sweep);
        return new SweepViews.SweepSummaryView(
                sweep.getId(),
                sweep.getName(),
                sweep.getDatasetId(),
                sweep.getStatus(),
                s.objective().json,
                progress(s),
                best(s),
                model(sweep),
                sweep.getCreatedAt(),
                sweep.getStartedAt(),
                sweep.getFinishedAt());
    }

    private SweepViews.Best best(SweepSnapshot.State s) {
        if (s.ranking().isEmpty()) {
            return null;
        }
        int best = s.ranking().get(0);
        Leaderboard.Trial t = s.results().get(best);
        Map<String, JsonNode> params = snapshots.params(s.trialRows().get(best));
        return new SweepViews.Best(best, params, t.mean(), t.std());
    }

    private static SweepViews.ModelRef model(SweepEntity sweep) {
        return sweep.getModelName() == null
                ? null
                : new SweepViews.ModelRef(sweep.getModelName(), sweep.getModelVersion());
    }

    private static SweepViews.Progress progress(SweepSnapshot.State s) {
        int total = s.results().size();
        int done = (int) s.trialsDone();
        SweepEntity sweep = s.sweep();
        double fraction = sweep.getStatus() == SweepStatus.SUCCEEDED ? 1.0 : total == 0 ? 0 : (double) done / total;
        Long eta = null;
        if (!sweep.getStatus().isTerminal() && done > 0 && sweep.getStartedAt() != null) {
            long elapsed = Duration.between(sweep.getStartedAt(), Instant.now()).toSeconds();
            eta = Math.round((double) elapsed / done * (total - done));
        }
        return new SweepViews.Progress(done, total, fraction, eta);
    }
}
