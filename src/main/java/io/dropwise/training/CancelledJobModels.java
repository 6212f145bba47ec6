package io.dropwise.training;

import io.dropwise.dataset.DatasetNotFoundException;
import io.dropwise.dataset.DatasetProvider;
import io.dropwise.dataset.LoadedDataset;
import io.dropwise.engine.Checkpoint;
import io.dropwise.engine.ModelCodec;
import io.dropwise.engine.Trainer;
import io.dropwise.engine.TrainingResult;
import io.dropwise.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A cancelled job's best model, for {@code POST /jobs/{id}/register} (as SageMaker keeps a stopped job's
 * artifacts): the newest readable checkpoint is decoded and the engine returns the model the run would have
 * returned had it stopped there ({@link Trainer#stoppedAt}): the best weights so far. The newest checkpoint's
 * best-so-far is at least as good as any older one's, so no other checkpoint needs reading.
 */
@Component
public class CancelledJobModels {

    private final TrainingJobRepository jobs;
    private final CheckpointStore checkpoints;
    private final DatasetProvider datasets;

    CancelledJobModels(TrainingJobRepository jobs, CheckpointStore checkpoints, DatasetProvider datasets) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.datasets = datasets;
    }

    /**
     * Reads the model (outside any transaction: checkpoints can be large).
     *
     * @throws JobNotFoundException for an unknown job
     * @throws ApiException 409 when the job is not cancelled, already registered, or has no usable checkpoint
     */
    public CheckpointModel bestOf(String jobId) {
        TrainingJobEntity job = jobs.findById(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
        check(job);
        Checkpoint checkpoint = null;
        for (CheckpointInfo info : checkpoints.newestFirst(jobId)) {
            try {
                checkpoint = checkpoints.read(info);
                break;
            } catch (IllegalArgumentException e) {
                // damaged: an older one still holds a best-so-far
            }
        }
        if (checkpoint == null) {
            throw unusable(jobId, "it has no readable checkpoint");
        }
        LoadedDataset dataset;
        try {
            dataset = datasets.load(job.getDatasetId());
        } catch (DatasetNotFoundException e) {
            throw unusable(
                    jobId,
                    "its dataset " + job.getDatasetId() + " was deleted (the input scaling is fitted on it again)");
        }
        TrainingResult result = Trainer.stoppedAt(
                checkpoint, dataset.data(), FoldSplit.validationRows(job.getSplitJson(), dataset.data()));
        if (result.model() == null) {
            throw unusable(jobId, "it was cancelled before its first epoch ended");
        }
        return new CheckpointModel(
                jobId,
                job.getName(),
                job.getDatasetId(),
                job.getSpecJson(),
                dataset.schema(),
                ModelCodec.encode(result.model()),
                result.bestEpoch(),
                result.bestMetrics(),
                checkpoint.epoch());
    }

    /**
     * Locks the job for the rest of the caller's transaction and checks again that it can be registered (a
     * concurrent registration or deletion may have come first).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockForRegistration(String jobId) {
        check(jobs.lock(jobId).orElseThrow(() -> new JobNotFoundException(jobId)));
    }

    private static void check(TrainingJobEntity job) {
        if (job.getStatus() != JobStatus.CANCELLED) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            "job-not-cancelled",
                            "Job not cancelled",
                            "Job " + job.getId() + " is " + job.getStatus() + "; only a cancelled job's checkpoint "
                                    + "can be registered (a succeeded job registered its model when it ended).")
                    .with("jobStatus", job.getStatus());
        }
        if (job.getModelVersion() != null) {
            throw new ApiException(
                            HttpStatus.CONFLICT,
                            "job-already-registered",
                            "Job already registered",
                            "Job " + job.getId() + " was already registered as model " + job.getModelName()
                                    + " version " + job.getModelVersion() + ".")
                    .with("model", job.getModelName())
                    .with("version", job.getModelVersion());
        }
    }

    private static ApiException unusable(String jobId, String why) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "no-usable-checkpoint",
                "No usable checkpoint",
                "Job " + jobId + " cannot be registered: " + why + ".");
    }
}
