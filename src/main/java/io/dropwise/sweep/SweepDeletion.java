package io.dropwise.sweep;

import io.dropwise.training.SweepJobs;
import io.dropwise.web.ApiException;
import io.dropwise.webhook.Webhooks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a finished sweep ({@code DELETE /sweeps/{id}}): one transaction, under the sweep's row lock (so no
 * coordinator pass runs it meanwhile), removes its fold and refit jobs the way {@code DELETE /jobs/{id}} does (rows,
 * attempts, epochs; checkpoints hidden, their data deleted right after the commit), its trials, its webhook
 * subscription and deliveries, and the sweep row. The model version the refit registered stays: it is a registered
 * version like any other (its provenance still names the sweep, and its source job shows as deleted).
 */
@Component
class SweepDeletion {

    private static final Logger log = LoggerFactory.getLogger(SweepDeletion.class);

    private final SweepRepository sweeps;
    private final SweepTrialRepository trials;
    private final SweepJobs jobs;
    private final Webhooks webhooks;
    private final TransactionTemplate transactions;

    SweepDeletion(
            SweepRepository sweeps,
            SweepTrialRepository trials,
            SweepJobs jobs,
            Webhooks webhooks,
            PlatformTransactionManager transactionManager) {
        this.sweeps = sweeps;
        this.trials = trials;
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Deletes the sweep.
     *
     * @throws ApiException 404 {@code sweep-not-found}; 409 {@code sweep-not-finished} for a queued or running
     *     sweep, or a cancelled one whose jobs are still stopping
     */
    void delete(String id) {
        List<Long> checkpoints = transactions.execute(tx -> {
            SweepEntity sweep = sweeps.lock(id).orElseThrow(() -> SweepService.notFound(id));
            if (!sweep.getStatus().isTerminal()) {
                throw notFinished(
                        id,
                        sweep.getStatus(),
                        List.of(),
                        "Sweep " + id + " is " + sweep.getStatus() + "; only a finished sweep (SUCCEEDED, FAILED or "
                                + "CANCELLED) can be deleted. Cancel it first: POST /sweeps/" + id + "/cancel.");
            }
            List<String> stopping = jobs.jobs(id).stream()
                    .filter(j -> !j.status().isTerminal())
                    .map(SweepJobs.SweepJob::id)
                    .toList();
            if (!stopping.isEmpty()) {
                throw notFinished(
                        id,
                        sweep.getStatus(),
                        stopping,
                        "Sweep " + id + " is " + sweep.getStatus() + " but " + stopping.size()
                                + " of its jobs are still stopping; retry in a moment.");
            }
            List<Long> removed = jobs.deleteJobs(id);
            trials.deleteForSweep(id);
            webhooks.forget(SweepWebhooks.KIND, id);
            sweeps.delete(sweep);
            sweeps.flush();
            return removed;
        });
        jobs.deleteCheckpointData(checkpoints);
        log.info("Sweep {} deleted with its jobs ({} checkpoints)", id, checkpoints.size());
    }

    private static ApiException notFinished(String id, SweepStatus status, List<String> jobIds, String detail) {
        ApiException e = new ApiException(HttpStatus.CONFLICT, "sweep-not-finished", "Sweep not finished", detail)
                .with("sweepStatus", status);
        return jobIds.isEmpty() ? e : e.with("jobIds", jobIds);
    }
}
