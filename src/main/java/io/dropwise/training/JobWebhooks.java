package io.dropwise.training;

import io.dropwise.webhook.WebhookEvent;
import io.dropwise.webhook.Webhooks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A job's completion webhook: on {@link JobEnded}, inside the transaction that ends the job, schedules the delivery of
 * {@code job.succeeded}, {@code job.failed} or {@code job.cancelled} to the job's {@code notify} (if it named one).
 * The model version is known by then: the registry links it on {@link JobSucceeded}, published just before. A deleted
 * job's webhook rows are deleted with it.
 */
@Component
class JobWebhooks {

    static final String KIND = "job";

    private final Webhooks webhooks;
    private final TrainingJobRepository jobs;

    JobWebhooks(Webhooks webhooks, TrainingJobRepository jobs) {
        this.webhooks = webhooks;
        this.jobs = jobs;
    }

    @EventListener
    void on(JobEnded ended) {
        jobs.findById(ended.jobId()).ifPresent(job -> webhooks.schedule(KIND, job.getId(), event(ended, job)));
    }

    /** A deleted job's subscription (and secret), deliveries and attempts go with it, in its transaction. */
    @EventListener
    void on(JobDeleted deleted) {
        webhooks.forget(KIND, deleted.jobId());
    }

    private static WebhookEvent event(JobEnded ended, TrainingJobEntity job) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", job.getName());
        details.put("datasetId", job.getDatasetId());
        details.put("model", JobView.ModelRef.of(job.getModelName(), job.getModelVersion()));
        details.put("bestEpoch", job.getBestEpoch());
        details.put("epochsRun", job.getCurrentEpoch());
        details.put("error", job.getError());
        details.put(
                "links", Map.of("job", "/jobs/" + job.getId(), "deliveries", "/jobs/" + job.getId() + "/deliveries"));
        String status = ended.status().name();
        return new WebhookEvent(Webhooks.type(KIND, status), job.getId(), status, ended.at(), details);
    }
}
