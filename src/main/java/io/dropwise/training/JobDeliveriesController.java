package io.dropwise.training;

import io.dropwise.webhook.DeliveriesView;
import io.dropwise.webhook.Webhooks;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /jobs/{id}/deliveries}: the delivery log of a job's completion webhook (README, Jobs › Webhooks). */
@RestController
class JobDeliveriesController {

    private final TrainingJobRepository jobs;
    private final Webhooks webhooks;

    JobDeliveriesController(TrainingJobRepository jobs, Webhooks webhooks) {
        this.jobs = jobs;
        this.webhooks = webhooks;
    }

    @GetMapping("/jobs/{id}/deliveries")
    @Transactional(readOnly = true)
    DeliveriesView deliveries(@PathVariable String id) {
        if (!jobs.existsById(id)) {
            throw new JobNotFoundException(id);
        }
        return webhooks.deliveries(JobWebhooks.KIND, id);
    }
}
