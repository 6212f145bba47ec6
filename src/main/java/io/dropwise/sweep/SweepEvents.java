package io.dropwise.sweep;

import io.dropwise.config.DaemonThreads;
import io.dropwise.config.TrainingProperties;
import io.dropwise.web.ApiException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * stream ends after a terminal status (or when the sweep is deleted). The streams of one sweep on an instance share
 * one feed: one read of the sweep every {@code dropwise.training.events-poll-interval}, from a small timer pool,
 * whichever instance runs its jobs, handed to each stream (which tells apart what it has already sent); the feed stops
 * with its last stream. No request thread is held. Streams per instance are capped like the jobs' streams
 * ({@code events-max-streams}, 503 beyond).
 */
@Component
class SweepEvents {

    private final SweepService sweeps;
    private final TrainingProperties properties;
    private final ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("dropwise-sweep-events"));
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Feed> feeds = new HashMap<>();

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
        Stream stream = new Stream(emitter);
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(e -> stream.close());
        stream.push(first);
        if (!stream.closed) {
            synchronized (feeds) {
                stream.feed = feeds.computeIfAbsent(sweepId, Feed::new);
                stream.feed.streams.add(stream);
            }
        }
        return emitter;
    }

    /** Feeds running on this instance: one per sweep with open streams. */
    int feeds() {
        synchronized (feeds) {
            return feeds.size();
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** One read of the sweep per poll interval, handed to every stream of the sweep. */
    private final class Feed {

        private final String sweepId;
        private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
        private final ScheduledFuture<?> future;

        Feed(String sweepId) {
            this.sweepId = sweepId;
            long every = properties.eventsPollInterval().toMillis();
            this.future = timer.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        }

        private void poll() {
            SweepViews.SweepView view;
            try {
                view = sweeps.get(sweepId);
            } catch (ApiException e) {
                if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                    // deleted: nothing more will happen to it
                    streams.forEach(Stream::complete);
                }
                return;
            } catch (RuntimeException e) {
                // a failing database: try again next time, the emitters' timeout ends the streams
                return;
            }
            streams.forEach(stream -> stream.push(view));
        }

        /** Called with {@code feeds} locked. */
        void remove(Stream stream) {
            streams.remove(stream);
            if (streams.isEmpty()) {
                future.cancel(false);
                feeds.remove(sweepId, this);
            }
        }
    }

    private final class Stream {

        private final SseEmitter emitter;
        private final Map<String, String> folds = new HashMap<>();
        private SweepStatus status;
        private long eventId;
        private volatile boolean closed;
        private Feed feed;

        Stream(SseEmitter emitter) {
            this.emitter = emitter;
        }

        void complete() {
            try {
                emitter.complete();
            } catch (IllegalStateException e) {
                // already completed
            }
            close();
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
            synchronized (feeds) {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                    if (feed != null) {
                        feed.remove(this);
                    }
                }
            }
        }
    }
}
