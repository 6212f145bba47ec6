package io.dropwise.training;

import io.dropwise.config.DaemonThreads;
import io.dropwise.config.TrainingProperties;
import io.dropwise.security.KeyValidity;
import io.dropwise.web.ApiException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of a job: a {@code status} event at subscription and at every status change, an {@code epoch}
 * event per completed epoch (the epochs already done are replayed first, or those after {@code Last-Event-ID}), and
 * the end of the stream after a terminal status. The streams of one job share one {@link JobFeed}: one database poll
 * (every {@code dropwise.training.events-poll-interval}) from a small timer pool, whichever instance trains the job,
 * and no request thread held. Quiet streams get a heartbeat comment, so a client that went away is noticed; the
 * number of streams is capped per job (429) and per instance (503).
 */
@Component
class JobEvents implements SmartLifecycle, DisposableBean {

    private final JobEventSource source;
    private final TrainingProperties properties;
    private final KeyValidity keys;
    private final ScheduledExecutorService timer;
    private final Map<String, JobFeed> feeds = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean running;

    JobEvents(JobEventSource source, TrainingProperties properties, KeyValidity keys, MeterRegistry meters) {
        this.source = source;
        this.properties = properties;
        this.keys = keys;
        Gauge.builder("dropwise.events.streams", open, AtomicInteger::get)
                .description("SSE streams open on this instance")
                .register(meters);
        Gauge.builder("dropwise.events.feeds", feeds, Map::size)
                .description("jobs whose events this instance polls for its SSE streams")
                .register(meters);
        ScheduledThreadPoolExecutor executor =
                new ScheduledThreadPoolExecutor(2, DaemonThreads.named("dropwise-job-events"));
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** Opens the event stream of a job, after the event {@code lastEventId} when the client names one. */
    SseEmitter subscribe(String jobId, String lastEventId) {
        if (!source.exists(jobId)) {
            throw new JobNotFoundException(jobId);
        }
        SseEmitter emitter = new SseEmitter(properties.eventsTimeout().toMillis());
        JobStream stream = new JobStream(jobId, emitter, keys.ofCurrentCaller(), lastEventId);
        JobFeed feed;
        boolean started;
        synchronized (this) {
            if (open.get() >= properties.eventsMaxStreams()) {
                throw new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "too-many-streams",
                                "Too many event streams",
                                open.get() + " event streams are open on this instance, the most it serves "
                                        + "(dropwise.training.events-max-streams). Retry later, or poll GET /jobs/"
                                        + jobId
                                        + ".")
                        .header(
                                "Retry-After",
                                Long.toString(properties.eventsRetry().toSeconds() + 1));
            }
            feed = feeds.computeIfAbsent(
                    jobId,
                    id -> new JobFeed(id, source, properties.eventsHeartbeat().toNanos(), this::ended));
            if (feed.size() >= properties.eventsMaxStreamsPerJob()) {
                throw new ApiException(
                                HttpStatus.TOO_MANY_REQUESTS,
                                "too-many-job-streams",
                                "Too many event streams on this job",
                                feed.size() + " event streams are open on job " + jobId
                                        + ", the most one job serves (dropwise.training.events-max-streams-per-job). Close "
                                        + "one, or poll GET /jobs/" + jobId + ".")
                        .header(
                                "Retry-After",
                                Long.toString(properties.eventsRetry().toSeconds() + 1));
            }
            started = feed.task == null;
            feed.add(stream);
            open.incrementAndGet();
        }
        emitter.onCompletion(() -> ended(stream));
        emitter.onTimeout(() -> ended(stream));
        emitter.onError(e -> ended(stream));
        try {
            emitter.send(SseEmitter.event()
                    .reconnectTime(properties.eventsRetry().toMillis())
                    .comment("job " + jobId));
        } catch (IOException e) {
            ended(stream);
            return emitter;
        }
        if (started) {
            long interval = Math.max(50, properties.eventsPollInterval().toMillis());
            feed.task = timer.scheduleWithFixedDelay(feed::poll, 0, interval, TimeUnit.MILLISECONDS);
        } else {
            timer.execute(() -> feed.catchUp(stream));
        }
        return emitter;
    }

    int openStreams() {
        return open.get();
    }

    int feeds() {
        return feeds.size();
    }

    /** Forgets a stream (once); the last stream of a job stops that job's poll. */
    private void ended(JobStream stream) {
        synchronized (this) {
            JobFeed feed = feeds.get(stream.jobId);
            if (feed == null || !feed.streams().contains(stream)) {
                return;
            }
            stream.markEnded();
            open.decrementAndGet();
            if (feed.remove(stream)) {
                feeds.remove(stream.jobId);
                if (feed.task != null) {
                    feed.task.cancel(false);
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream so that the web server's graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        for (JobFeed feed : List.copyOf(feeds.values())) {
            for (JobStream stream : feed.streams()) {
                stream.emitter.complete();
                ended(stream);
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
