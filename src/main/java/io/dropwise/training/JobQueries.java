package io.dropwise.training;

import io.dropwise.web.PageRequests;
import io.dropwise.web.PageView;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading jobs: one job with its progress and ETA, the paged list, per-epoch metrics and checkpoints. */
@Service
class JobQueries {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private final TrainingJobRepository jobs;
    private final EpochMetricRepository metrics;
    private final CheckpointRepository checkpoints;
    private final JobSpecCodec specs;

    JobQueries(
            TrainingJobRepository jobs,
            EpochMetricRepository metrics,
            CheckpointRepository checkpoints,
            JobSpecCodec specs) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.specs = specs;
    }

    @Transactional(readOnly = true)
    JobView get(String id) {
        return view(find(id));
    }

    /** @throws io.dropwise.web.ValidationException for a bad page, size or {@code filterProblems} */
    @Transactional(readOnly = true)
    PageView<JobSummaryView> list(JobStatus status, int page, int size, List<FieldProblem> filterProblems) {
        var request = PageRequests.of(page, size, NEWEST_FIRST, filterProblems);
        Page<TrainingJobEntity> result = status == null ? jobs.findAll(request) : jobs.findByStatus(status, request);
        return PageView.of(result, this::summary);
    }

    @Transactional(readOnly = true)
    JobMetricsView metrics(String id) {
        TrainingJobEntity job = find(id);
        return new JobMetricsView(
                id,
                job.getStatus(),
                metrics.findByJobIdOrderByEpoch(id).stream()
                        .map(EpochMetricEntity::view)
                        .toList());
    }

    @Transactional(readOnly = true)
    JobCheckpointsView checkpoints(String id) {
        find(id);
        return new JobCheckpointsView(
                id, checkpoints.infos(id).stream().map(CheckpointView::of).toList());
    }

    TrainingJobEntity find(String id) {
        return jobs.findById(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    /** The job as {@code GET /jobs/{id}} shows it; call inside a transaction. */
    JobView view(TrainingJobEntity job) {
        String id = job.getId();
        // the epoch the job row says is done, not the newest metric row: an epoch committed between the two reads
        // would otherwise show as latest while progress still names the one before
        EpochMetricView latest = job.getCurrentEpoch() == 0
                ? null
                : metrics.findByJobIdAndEpoch(id, job.getCurrentEpoch())
                        .map(EpochMetricEntity::view)
                        .orElse(null);
        EpochMetricView best = job.getBestEpoch() == null
                ? null
                : metrics.findByJobIdAndEpoch(id, job.getBestEpoch())
                        .map(EpochMetricEntity::view)
                        .orElse(null);
        JobSpec spec = specs.read(job.getSpecJson());
        return new JobView(
                id,
                job.getName(),
                job.getDatasetId(),
                job.getStatus(),
                job.isCancelRequested(),
                progress(job),
                latest,
                job.getBestEpoch(),
                best,
                model(job),
                job.getError(),
                job.getAttempts(),
                job.getCreatedAt(),
                job.getStartedAt(),
                job.getFinishedAt(),
                spec,
                JobWarnings.of(spec),
                job.getSweepId(),
                job.getTrial(),
                job.getFold(),
                job.getCancelReason());
    }

    private JobSummaryView summary(TrainingJobEntity job) {
        return new JobSummaryView(
                job.getId(),
                job.getName(),
                job.getDatasetId(),
                job.getStatus(),
                progress(job),
                model(job),
                job.getAttempts(),
                job.getCreatedAt(),
                job.getStartedAt(),
                job.getFinishedAt());
    }

    private JobView.Progress progress(TrainingJobEntity job) {
        int epoch = job.getCurrentEpoch();
        int epochs = job.getEpochs();
        double fraction = job.getStatus() == JobStatus.SUCCEEDED ? 1.0 : Math.min(1.0, (double) epoch / epochs);
        Long eta = null;
        if (job.getStatus() == JobStatus.RUNNING && epoch > 0) {
            Double mean = metrics.averageEpochMillis(job.getId());
            if (mean != null) {
                eta = (long) Math.ceil(mean * Math.max(0, epochs - epoch) / 1000.0);
            }
        }
        return new JobView.Progress(epoch, epochs, fraction, eta);
    }

    private static JobView.ModelRef model(TrainingJobEntity job) {
        return JobView.ModelRef.of(job.getModelName(), job.getModelVersion());
    }
}
