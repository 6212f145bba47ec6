package io.dropwise.webhook;

import io.dropwise.config.DaemonThreads;
import io.dropwise.config.WebhookProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One attempt of one delivery, on a webhook scheduler thread: take it ({@link DeliveryStore#take}, committed), check
 * the target again (its name may resolve elsewhere by now), POST the frozen body signed with a fresh timestamp, and
 * record the outcome with the next attempt's time. Redirects are not followed; the response body is not read.
 */
@Component
class DeliverySender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);

    private final DeliveryStore store;
    private final WebhookProperties properties;
    private final ExecutorService httpExecutor;
    private final HttpClient http;

    DeliverySender(DeliveryStore store, WebhookProperties properties) {
        this.store = store;
        this.properties = properties;
        this.httpExecutor =
                Executors.newFixedThreadPool(properties.threads(), DaemonThreads.named("dropwise-webhook-http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                .executor(httpExecutor)
                .build();
    }

    /** Attempts delivery {@code id}; returns when to attempt it again, or empty when it is over (or was already). */
    Optional<Instant> attempt(String id) {
        Optional<DeliveryStore.Taken> found = store.take(id, now());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DeliveryStore.Taken taken = found.get();
        Optional<String> refused = TargetPolicy.refusal(taken.url(), properties.allowPrivate());
        if (refused.isPresent()) {
            log.warn("Webhook delivery {} refused: notify.url {}", id, refused.get());
            store.finish(taken, now(), null, "target refused: " + refused.get(), DeliveryStore.FAILED, null);
            return Optional.empty();
        }
        Integer status = null;
        String error;
        try {
            status = post(taken);
            error = status / 100 == 2
                    ? null
                    : "HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : "");
        } catch (HttpConnectTimeoutException e) {
            error = "no connection within " + properties.connectTimeout();
        } catch (HttpTimeoutException e) {
            error = "no response within " + properties.readTimeout();
        } catch (ConnectException e) {
            error = "connection failed: " + e.getMessage();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted: this instance is shutting down";
        }
        return record(taken, status, error);
    }

    private Optional<Instant> record(DeliveryStore.Taken taken, Integer status, String error) {
        Instant now = now();
        if (error == null) {
            store.finish(taken, now, status, null, DeliveryStore.SUCCEEDED, null);
            log.info("Webhook delivery {} ({}) delivered on attempt {}", taken.id(), taken.type(), taken.attempt());
            return Optional.empty();
        }
        if (taken.attempt() >= properties.maxAttempts()) {
            store.finish(taken, now, status, error, DeliveryStore.FAILED, null);
            log.warn("Webhook delivery {} given up after {} attempts: {}", taken.id(), taken.attempt(), error);
            return Optional.empty();
        }
        Instant next = now.plus(backoff(taken.attempt()));
        store.finish(taken, now, status, error, DeliveryStore.PENDING, next);
        log.info("Webhook delivery {} attempt {} failed ({}); next at {}", taken.id(), taken.attempt(), error, next);
        return Optional.of(next);
    }

    private int post(DeliveryStore.Taken taken) throws IOException, InterruptedException {
        byte[] body = taken.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        String secret = taken.secret() != null ? taken.secret() : properties.signingSecret();
        HttpRequest request = HttpRequest.newBuilder(URI.create(taken.url()))
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Dropwise-Webhooks/1")
                .header(Signatures.ID, taken.id())
                .header(Signatures.EVENT, taken.type())
                .header(Signatures.ATTEMPT, Integer.toString(taken.attempt()))
                .header(Signatures.TIMESTAMP, Long.toString(timestamp))
                .header(Signatures.SIGNATURE, Signatures.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        // the status is all that counts: closing unread drops the connection rather than reading an endless body
        response.body().close();
        return response.statusCode();
    }

    /** The wait after failed attempt {@code attempt} (1-based): initial × 2^(attempt-1), at most the maximum. */
    Duration backoff(int attempt) {
        Duration wait = properties.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 30));
        return wait.compareTo(properties.maxBackoff()) > 0 || wait.isNegative() ? properties.maxBackoff() : wait;
    }

    @Override
    public void destroy() {
        httpExecutor.shutdownNow();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
