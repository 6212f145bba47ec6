package io.dropwise.sweep;

import io.dropwise.dataset.DatasetInUseCheck;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A dataset with an unfinished sweep cannot be deleted: the sweep queues its trials' jobs for it as they fit, and those
 * would fail. Asked after the training feature's check ({@link Order}), which takes the queue lock that a sweep's
 * coordinator holds while it queues jobs, so a deletion and a feed take turns.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class SweepDatasetInUse implements DatasetInUseCheck {

    private final SweepRepository sweeps;

    SweepDatasetInUse(SweepRepository sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    @Transactional
    public boolean inUse(String datasetId) {
        return sweeps.existsByDatasetIdAndStatusIn(datasetId, List.of(SweepStatus.QUEUED, SweepStatus.RUNNING));
    }
}
