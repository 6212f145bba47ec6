package io.dropwise.sweep;

import io.dropwise.webhook.DeliveriesView;
import io.dropwise.webhook.Webhooks;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /sweeps/{id}/deliveries}: the delivery log of a sweep's completion webhook (README, Jobs › Webhooks). */
@RestController
class SweepDeliveriesController {

    private final SweepRepository sweeps;
    private final Webhooks webhooks;

    SweepDeliveriesController(SweepRepository sweeps, Webhooks webhooks) {
        this.sweeps = sweeps;
        this.webhooks = webhooks;
    }

    @GetMapping("/sweeps/{id}/deliveries")
    @Transactional(readOnly = true)
    DeliveriesView deliveries(@PathVariable String id) {
        if (!sweeps.existsById(id)) {
            throw SweepService.notFound(id);
        }
        return webhooks.deliveries(SweepWebhooks.KIND, id);
    }
}
