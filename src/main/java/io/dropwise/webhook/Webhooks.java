package io.dropwise.webhook;

import io.dropwise.config.WebhookProperties;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Completion webhooks for any feature: a job, a sweep, a batch prediction. The owner is named by a {@code kind}
 * ({@code "job"}, {@code "sweep"}, {@code "batch"}: also the event type's prefix) and its id.
 *
 * <ol>
 *   <li>At submission, before storing anything: {@link #problems} (400 naming {@code notify.url} / {@code
 *       notify.secret}); store the spec with {@link Notify#withoutSecret()} (Jackson never writes the secret anyway).
 *   <li>In the submission's transaction: {@link #subscribe}.
 *   <li>In the transaction that ends the owner: {@link #schedule(String, String, WebhookEvent)}; it does nothing
 *       when the owner has no subscription. The delivery commits or rolls back with the owner's end.
 * </ol>
 */
@Service
public class Webhooks {

    private final DeliveryStore store;
    private final WebhookScheduler scheduler;
    private final WebhookProperties properties;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    Webhooks(DeliveryStore store, WebhookScheduler scheduler, WebhookProperties properties, JsonMapper json) {
        this.store = store;
        this.scheduler = scheduler;
        this.properties = properties;
        this.json = json;
    }

    /**
     * What is wrong with a request's {@code notify} (empty: nothing, also when it is null), fields named under
     * {@code field} (e.g. {@code notify.url}). Resolves the URL's host unless private targets are allowed.
     */
    public List<FieldProblem> problems(String field, Notify notify) {
        List<FieldProblem> problems = new ArrayList<>();
        if (notify == null) {
            return problems;
        }
        String url = notify.url();
        if (url == null || url.isBlank()) {
            problems.add(new FieldProblem(field + ".url", "required: the http(s) URL to POST the event to"));
        } else if (url.length() > Notify.MAX_URL) {
            problems.add(new FieldProblem(field + ".url", "at most " + Notify.MAX_URL + " characters"));
        } else {
            TargetPolicy.refusal(url, properties.allowPrivate())
                    .ifPresent(refusal -> problems.add(new FieldProblem(field + ".url", refusal)));
        }
        String secret = notify.secret();
        if (secret == null && !properties.hasSigningSecret()) {
            problems.add(new FieldProblem(
                    field + ".secret",
                    "required: this server has no dropwise.webhooks.signing-secret to sign deliveries with"));
        } else if (secret != null && (secret.length() < Notify.MIN_SECRET || secret.length() > Notify.MAX_SECRET)) {
            problems.add(new FieldProblem(
                    field + ".secret",
                    "must be " + Notify.MIN_SECRET + " to " + Notify.MAX_SECRET + " characters long"));
        }
        return problems;
    }

    /** Remembers where to notify {@code kind}/{@code ownerId}: call in the owner's submission transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void subscribe(String kind, String ownerId, Notify notify) {
        if (notify != null) {
            store.subscribe(kind, ownerId, notify, now());
        }
    }

    /**
     * Schedules the delivery of {@code event} to the owner's subscription, in the caller's transaction (the one that
     * ends the owner); nothing when it has none.
     *
     * @return whether a delivery was scheduled
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean schedule(String kind, String ownerId, WebhookEvent event) {
        return store.subscription(kind, ownerId)
                .map(target -> schedule(kind, ownerId, target, event))
                .orElse(false);
    }

    /**
     * {@link #schedule(String, String, WebhookEvent)} to a target the caller holds itself (validated with {@link
     * #problems}) rather than one stored by {@link #subscribe}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean schedule(String kind, String ownerId, Notify notify, WebhookEvent event) {
        return notify != null
                && schedule(kind, ownerId, new DeliveryStore.Target(notify.url(), notify.secret()), event);
    }

    /** The delivery log of {@code kind}/{@code ownerId}. */
    @Transactional(readOnly = true)
    public DeliveriesView deliveries(String kind, String ownerId) {
        return new DeliveriesView(
                store.subscription(kind, ownerId).map(DeliveryStore.Target::url).orElse(null),
                store.list(kind, ownerId));
    }

    /**
     * Forgets {@code kind}/{@code ownerId}: its subscription (and secret), deliveries and attempts; for the deletion
     * of the owner, in its transaction. A delivery still scheduled finds no row and ends without sending.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(String kind, String ownerId) {
        store.forget(kind, ownerId);
    }

    /** The event type of an owner reaching {@code status}: {@code job.succeeded}, {@code sweep.cancelled}, ... */
    public static String type(String kind, String status) {
        return kind + "." + status.toLowerCase(Locale.ROOT);
    }

    private boolean schedule(String kind, String ownerId, DeliveryStore.Target target, WebhookEvent event) {
        String id = newId();
        store.insert(id, kind, ownerId, event.type(), target, payload(event), now());
        scheduler.schedule(id);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                scheduler.wakeUp();
            }
        });
        return true;
    }

    private String payload(WebhookEvent event) {
        ObjectNode body = json.createObjectNode();
        body.put("type", event.type());
        body.put("id", event.id());
        body.put("status", event.status());
        body.put("at", event.at().toString());
        event.details().forEach((name, value) -> {
            if (value != null) {
                body.set(name, json.valueToTree(value));
            }
        });
        return json.writeValueAsString(body);
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "dlv-" + HexFormat.of().formatHex(bytes);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
