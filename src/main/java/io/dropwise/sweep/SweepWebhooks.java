package io.dropwise.sweep;

import io.dropwise.webhook.WebhookEvent;
import io.dropwise.webhook.Webhooks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A sweep's completion webhook: when the coordinator ends a sweep, inside that transaction, schedules the delivery of
 * {@code sweep.succeeded}, {@code sweep.failed} or {@code sweep.cancelled} to the sweep's {@code notify} (if it named
 * one). The sweep's trial jobs never notify: the planner refuses a {@code notify} in {@code base}.
 */
@Component
class SweepWebhooks {

    static final String KIND = "sweep";

    private final Webhooks webhooks;
    private final SweepSnapshot snapshots;

    SweepWebhooks(Webhooks webhooks, SweepSnapshot snapshots) {
        this.webhooks = webhooks;
        this.snapshots = snapshots;
    }

    /** Call right after the sweep of {@code s} was moved to its terminal status, in the same transaction. */
    void ended(SweepSnapshot.State s) {
        SweepEntity sweep = s.sweep();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", sweep.getName());
        details.put("datasetId", sweep.getDatasetId());
        details.put("objective", s.objective().json);
        details.put("trials", sweep.getTrials());
        details.put("folds", sweep.getFolds());
        if (!s.ranking().isEmpty()) {
            int best = s.ranking().get(0);
            Leaderboard.Trial trial = s.results().get(best);
            details.put(
                    "best",
                    new SweepViews.Best(best, snapshots.params(s.trialRows().get(best)), trial.mean(), trial.std()));
        }
        details.put("refitJobId", sweep.getRefitJobId());
        if (sweep.getModelName() != null) {
            details.put("model", new SweepViews.ModelRef(sweep.getModelName(), sweep.getModelVersion()));
        }
        details.put("error", sweep.getError());
        details.put(
                "links",
                Map.of("sweep", "/sweeps/" + sweep.getId(), "deliveries", "/sweeps/" + sweep.getId() + "/deliveries"));
        String status = sweep.getStatus().name();
        webhooks.schedule(
                KIND,
                sweep.getId(),
                new WebhookEvent(Webhooks.type(KIND, status), sweep.getId(), status, sweep.getFinishedAt(), details));
    }
}
