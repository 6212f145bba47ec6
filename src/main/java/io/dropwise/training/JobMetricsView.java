package io.dropwise.training;

import java.util.List;

/** {@code GET /jobs/{id}/metrics}: every completed epoch, in order. */
public record JobMetricsView(String jobId, JobStatus status, List<EpochMetricView> epochs) {

    public JobMetricsView {
        epochs = List.copyOf(epochs);
    }
}
