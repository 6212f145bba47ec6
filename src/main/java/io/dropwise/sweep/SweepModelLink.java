package io.dropwise.sweep;

import io.dropwise.model.ModelVersionsDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A sweep's refit model version deleted (the event is published inside the deleting transaction): the sweep no
 * longer names it, so it never points at a version that is gone or, once the name is registered anew, at another
 * model. Its leaderboard and provenance stay.
 */
@Component
class SweepModelLink {

    private final SweepRepository sweeps;

    SweepModelLink(SweepRepository sweeps) {
        this.sweeps = sweeps;
    }

    @EventListener
    void on(ModelVersionsDeleted event) {
        if (!event.versions().isEmpty()) {
            sweeps.detachModel(event.name(), event.versions());
        }
    }
}
