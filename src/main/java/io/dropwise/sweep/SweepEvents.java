package io.dropwise.sweep;

import io.dropwise.config.DaemonThreads;
import io.dropwise.config.TrainingProperties;
import io.dropwise.web.ApiException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of a sweep: a {@code status} event at subscription and at every status change, a {@code trial}
 * event whenever one of a trial's fold jobs ends (succeeded, pruned, failed), with the trial's state and scores; the
 * stream ends after a terminal status. Each stream polls the sweep (every
 * {@code dropwise.training.events-poll-interval}) from a small timer pool, whichever instance runs its jobs; no
 * request thread is held. Streams per instance share the jobs' cap ({@code events-max-streams}, 503 beyond).
 */
@Component
class SweepEvents {

    private final SweepService sweeps;
    private final TrainingProperties properties;
    private final ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("dropwise-sweep-events"));
    private final AtomicInteger open = new AtomicInteger();

    SweepEvents(SweepService sweeps, TrainingProperties properties) {
        this.sweeps = sweeps;
        this.properties = properties;
        timer.setRemoveOnCancelPolicy(true);
    }

    SseEmitter subscribe(String sweepId) {
        SweepViews.SweepView first = sweeps.get(sweepId);
        if (open.incrementAndGet() > properties.eventsMaxStreams()) {
            open.decrementAndGet();
            throw new ApiException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "too-many-streams",
                            "Too many event streams",
                            "Too many event streams are open on this instance (dropwise.training.events-max-streams)."
                                    + " Retry later, or poll GET /sweeps/" + sweepId + ".")
                    .header(
                            "Retry-After",
                            Long.toString(properties.eventsRetry().toSeconds() + 1));
        }
        SseEmitter emitter = new SseEmitter(properties.eventsTimeout().toMillis());
        Stream stream = new Stream(sweepId, emitter);
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(e -> stream.close());
        stream.push(first);
        if (!stream.closed) {
            long every = properties.eventsPollInterval().toMillis();
            stream.future = timer.scheduleWithFixedDelay(stream::poll, every, every, TimeUnit.MILLISECONDS);
        }
        return emitter;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private final class Stream {

        private final String sweepId;
        private final SseEmitter emitter;
        private final Map<String, String> folds = new HashMap<>();
        private SweepStatus status;
        private long eventId;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> future;

        Stream(String sweepId, SseEmitter emitter) {
            this.sweepId = sweepId;
            this.emitter = emitter;
        }

        void poll() {
            if (closed) {
                ScheduledFuture<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
                return;
            }
            try {
                push(sweeps.get(sweepId));
            } catch (ApiException e) {
                if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                    // the sweep was deleted (on any instance): the stream ends
                    emitter.complete();
                    close();
                }
            } catch (RuntimeException e) {
                // a failing database: try again next time, the emitter's timeout ends it
            }
        }

        synchronized void push(SweepViews.SweepView view) {
            if (closed) {
                return;
            }
            try {
                for (SweepViews.TrialView trial : view.trials()) {
                    for (SweepViews.FoldView fold : trial.folds()) {
                        String seen = folds.put(fold.jobId(), fold.status().name());
                        if (fold.status().isTerminal() && !fold.status().name().equals(seen)) {
                            Map<String, Object> data = new LinkedHashMap<>();
                            data.put("trial", trial.trial());
                            data.put("fold", fold.fold());
                            data.put("jobId", fold.jobId());
                            data.put("jobStatus", fold.status());
                            data.put("score", fold.score());
                            data.put("state", trial.state());
                            data.put("mean", trial.mean());
                            data.put("std", trial.std());
                            send("trial", data);
                        }
                    }
                }
                if (view.status() != status) {
                    status = view.status();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("status", view.status());
                    data.put("progress", view.progress());
                    data.put("best", view.best());
                    data.put("model", view.model());
                    send("status", data);
                }
                if (status.isTerminal()) {
                    emitter.complete();
                    close();
                }
            } catch (IOException | IllegalStateException e) {
                close();
            }
        }

        private void send(String name, Object data) throws IOException {
            emitter.send(
                    SseEmitter.event().id(Long.toString(++eventId)).name(name).data(data));
        }

        void close() {
            if (!closed) {
                closed = true;
                open.decrementAndGet();
                ScheduledFuture<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
            }
        }
    }
}
