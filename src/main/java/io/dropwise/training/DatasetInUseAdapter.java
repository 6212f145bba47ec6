package io.dropwise.training;

import io.dropwise.dataset.DatasetInUseCheck;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dataset feature's question "is this dataset used by a queued or running job?", answered by training (dataset
 * must not depend on training). It takes the submission lock first, inside the deleting transaction: a submission
 * on the same dataset then either committed before (and is seen here) or waits and finds the dataset gone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // first: it takes the queue lock the other checks rely on
class DatasetInUseAdapter implements DatasetInUseCheck {

    private final TrainingJobRepository jobs;

    DatasetInUseAdapter(TrainingJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    @Transactional
    public boolean inUse(String datasetId) {
        jobs.lockQueue();
        return jobs.existsByDatasetIdAndStatusIn(datasetId, List.of(JobStatus.QUEUED, JobStatus.RUNNING));
    }
}
