package io.dropwise.training;

import io.dropwise.config.DaemonThreads;
import io.dropwise.config.TrainingProperties;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of a job: a {@code status} event at subscription and at every status change, an {@code epoch}
 * event per completed epoch (the epochs already done are replayed first), and the end of the stream after a terminal
 * status. Each stream polls the database (every {@code dropwise.training.events-poll-interval}) from a small timer
 * pool of its own, so it works whichever instance trains the job and holds no request thread.
 */
@Component
class JobEvents implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    /** The data of a {@code status} event. */
    record StatusEvent(String jobId, JobStatus status, int epoch, int epochs, int attempts, String error,
            JobView.ModelRef model) {}

    private final TrainingJobRepository jobs;
    private final EpochMetricRepository metrics;
    private final ScheduledExecutorService timer;
    private final TrainingProperties properties;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    JobEvents(TrainingJobRepository jobs, EpochMetricRepository metrics, TrainingProperties properties) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.properties = properties;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("dropwise-job-events"));
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** Opens the event stream of a job. */
    SseEmitter subscribe(String jobId) {
        if (!jobs.existsById(jobId)) {
            throw new JobNotFoundException(jobId);
        }
        SseEmitter emitter = new SseEmitter(properties.eventsTimeout().toMillis());
        Stream stream = new Stream(jobId, emitter);
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(e -> stream.close());
        streams.add(stream);
        long interval = Math.max(50, properties.eventsPollInterval().toMillis());
        stream.future = timer.scheduleWithFixedDelay(stream::poll, 0, interval, TimeUnit.MILLISECONDS);
        if (stream.closed) {
            stream.future.cancel(false);
        }
        return emitter;
    }

    int openStreams() {
        return streams.size();
    }

    /** One client's stream: what it has been sent so far. */
    private final class Stream {

        private final String jobId;
        private final SseEmitter emitter;
        private volatile ScheduledFuture<?> future;
        private JobStatus lastStatus;
        private int lastEpoch;
        private volatile boolean closed;

        Stream(String jobId, SseEmitter emitter) {
            this.jobId = jobId;
            this.emitter = emitter;
        }

        /**
         * Reads the status before the epochs (an epoch commits before the status change that follows it), then sends
         * a new non-terminal status before the epochs and a terminal one after them.
         */
        synchronized void poll() {
            if (closed) {
                return;
            }
            try {
                Optional<TrainingJobEntity> found = jobs.findById(jobId);
                if (found.isEmpty()) {
                    emitter.complete();
                    close();
                    return;
                }
                TrainingJobEntity job = found.get();
                List<EpochMetricEntity> fresh = metrics.findByJobIdAndEpochGreaterThanOrderByEpoch(jobId, lastEpoch);
                boolean changed = job.getStatus() != lastStatus;
                boolean terminal = job.getStatus().isTerminal();
                if (changed && !terminal) {
                    sendStatus(job);
                }
                for (EpochMetricEntity m : fresh) {
                    emitter.send(SseEmitter.event().name("epoch").id(jobId + "/epoch/" + m.getEpoch())
                            .data(m.view(), MediaType.APPLICATION_JSON));
                    lastEpoch = m.getEpoch();
                }
                if (terminal) {
                    sendStatus(job);
                    emitter.complete();
                    close();
                }
            } catch (IOException | IllegalStateException e) {
                log.debug("SSE stream of job {} ended: {}", jobId, e.toString());
                close();
            } catch (RuntimeException e) {
                log.warn("SSE stream of job {} failed: {}", jobId, e.toString());
                emitter.completeWithError(e);
                close();
            }
        }

        private void sendStatus(TrainingJobEntity job) throws IOException {
            lastStatus = job.getStatus();
            JobView.ModelRef model = JobView.ModelRef.of(job.getModelName(), job.getModelVersion());
            emitter.send(SseEmitter.event().name("status").id(jobId + "/status/" + lastStatus)
                    .data(new StatusEvent(jobId, lastStatus, job.getCurrentEpoch(), job.getEpochs(),
                            job.getAttempts(), job.getError(), model), MediaType.APPLICATION_JSON));
        }

        synchronized void close() {
            closed = true;
            streams.remove(this);
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
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
        for (Stream stream : List.copyOf(streams)) {
            stream.emitter.complete();
            stream.close();
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
