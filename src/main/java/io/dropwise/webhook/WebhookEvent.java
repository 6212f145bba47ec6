package io.dropwise.webhook;

import java.time.Instant;
import java.util.Map;

/**
 * What a delivery says, before it is frozen into its JSON body: {@code {"type", "id", "status", "at", ...details}}.
 *
 * @param type {@code <kind>.<outcome>}, e.g. {@code job.succeeded}, {@code sweep.failed}
 * @param id the owner's id (the job, sweep or batch prediction)
 * @param status the owner's terminal status as its API spells it ({@code SUCCEEDED}, ...)
 * @param at when the owner reached it
 * @param details further top-level members (model name and version, error, links); null values are left out
 */
public record WebhookEvent(String type, String id, String status, Instant at, Map<String, Object> details) {

    public WebhookEvent {
        details = details == null ? Map.of() : details;
    }
}
