package io.dropwise.training;

import java.util.List;

/** {@code GET /jobs/{id}/checkpoints}: the checkpoints kept, oldest first. */
public record JobCheckpointsView(String jobId, List<CheckpointView> checkpoints) {

    public JobCheckpointsView {
        checkpoints = List.copyOf(checkpoints);
    }
}
