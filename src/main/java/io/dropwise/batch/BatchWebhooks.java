package io.dropwise.batch;

import io.dropwise.web.ProblemHandler.FieldProblem;
import io.dropwise.web.ValidationException;
import io.dropwise.webhook.Notify;
import io.dropwise.webhook.WebhookEvent;
import io.dropwise.webhook.Webhooks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A batch prediction's completion webhook. The CSV body carries no JSON, so the target is the {@code notifyUrl}
 * query parameter and the optional secret the {@value #SECRET_HEADER} header (never in a URL: URLs land in logs).
 * {@link BatchStore} calls {@link #ended} in each transaction that makes a batch terminal.
 */
@Component
class BatchWebhooks {

    static final String KIND = "batch";
    static final String SECRET_HEADER = "Dropwise-Webhook-Secret";

    private final Webhooks webhooks;

    BatchWebhooks(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /**
     * The target of a submission (null: none), checked before anything is stored.
     *
     * @throws ValidationException 400 naming {@code notifyUrl} or the secret header
     */
    Notify target(String notifyUrl, String secret) {
        if (notifyUrl == null) {
            if (secret != null) {
                throw ValidationException.of("notifyUrl", "required when the " + SECRET_HEADER + " header is sent");
            }
            return null;
        }
        Notify notify = new Notify(notifyUrl, secret);
        List<FieldProblem> problems = webhooks.problems("notify", notify).stream()
                .map(p -> new FieldProblem(p.field().endsWith(".url") ? "notifyUrl" : SECRET_HEADER, p.message()))
                .toList();
        ValidationException.throwIfAny(problems);
        return notify;
    }

    /** In the submission's transaction that queues the batch. */
    void subscribe(String id, Notify notify) {
        webhooks.subscribe(KIND, id, notify);
    }

    /** Schedules {@code batch.succeeded|failed|cancelled} for {@code batch}, just made terminal in this transaction. */
    void ended(Batch batch) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", new BatchView.ModelRef(batch.modelName(), batch.modelVersion(), null));
        details.put("rows", batch.totalRows());
        details.put("rowsDone", batch.rowsDone());
        details.put("evaluation", BatchJson.tree(batch.metrics()));
        details.put("error", batch.error());
        String self = "/batch-predictions/" + batch.id();
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("batch", self);
        String result = BatchView.of(batch).result();
        if (result != null) {
            links.put("result", result);
        }
        links.put("deliveries", self + "/deliveries");
        details.put("links", links);
        webhooks.schedule(
                KIND,
                batch.id(),
                new WebhookEvent(
                        Webhooks.type(KIND, batch.status()), batch.id(), batch.status(), batch.finishedAt(), details));
    }
}
