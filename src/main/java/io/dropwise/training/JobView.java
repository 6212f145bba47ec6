package io.dropwise.training;

import java.time.Instant;
import java.util.List;

/**
 * A job as {@code GET /jobs/{id}} shows it.
 *
 * @param status {@code QUEUED}, {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
 * @param cancelRequested a cancel was received; a running job stops at its next batch boundary
 * @param latestMetrics the last completed epoch, null before the first
 * @param bestEpoch the epoch whose weights the model holds (so far, while running)
 * @param model the model version the job registered, null until the registry has it and after that version was
 *     deleted
 * @param error why the job failed, null otherwise
 * @param attempts how many times a worker started the job (more than 1 after a shutdown or a lost worker)
 * @param spec the normalized spec: what was submitted with every default filled in
 * @param warnings what in the spec is accepted but probably not what was meant, each with the fix
 * @param sweepId the sweep the job belongs to, null for a job submitted on its own
 * @param trial the sweep trial the job trains, null outside a sweep
 * @param fold the cross-validation fold the job validates on; null for a sweep's refit job and outside a sweep
 * @param cancelReason why the service cancelled the job ({@code pruned}, {@code sweep-cancelled}), else null
 */
public record JobView(
        String id,
        String name,
        String datasetId,
        JobStatus status,
        boolean cancelRequested,
        Progress progress,
        EpochMetricView latestMetrics,
        Integer bestEpoch,
        EpochMetricView bestMetrics,
        ModelRef model,
        String error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        JobSpec spec,
        List<String> warnings,
        String sweepId,
        Integer trial,
        Integer fold,
        String cancelReason) {

    /**
     * @param epoch epochs completed
     * @param fraction {@code epoch / epochs}, 1 once the job succeeded (also after early stopping)
     * @param etaSeconds remaining epochs times the mean epoch time so far; null unless running with an epoch done
     */
    public record Progress(int epoch, int epochs, double fraction, Long etaSeconds) {}

    /** A registered model version. */
    public record ModelRef(String name, int version) {

        /** The job's model version, or null while it has none. */
        static ModelRef of(String name, Integer version) {
            return name == null || version == null ? null : new ModelRef(name, version);
        }
    }
}
