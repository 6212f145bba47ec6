package io.dropwise.training;

import io.dropwise.training.JobEventSource.Snapshot;
import io.dropwise.training.JobEventSource.StatusEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams open on one job and the one database poll that serves them all: each poll reads the job (and its new
 * epochs, when the job row says there are any) once, and every stream is sent what it has not seen. The epochs read
 * so far are kept, so a stream that joins later is caught up from memory.
 */
final class JobFeed {

    private static final Logger log = LoggerFactory.getLogger(JobFeed.class);

    final String jobId;
    private final JobEventSource source;
    private final long heartbeatNanos;
    private final Consumer<JobStream> onEnd;
    private final List<JobStream> streams = new CopyOnWriteArrayList<>();
    private final List<EpochMetricView> epochs = new ArrayList<>();
    private StatusEvent latest;
    volatile ScheduledFuture<?> task;

    JobFeed(String jobId, JobEventSource source, long heartbeatNanos, Consumer<JobStream> onEnd) {
        this.jobId = jobId;
        this.source = source;
        this.heartbeatNanos = heartbeatNanos;
        this.onEnd = onEnd;
    }

    int size() {
        return streams.size();
    }

    void add(JobStream stream) {
        streams.add(stream);
    }

    /** Removes a stream; true when the feed has none left. */
    boolean remove(JobStream stream) {
        streams.remove(stream);
        return streams.isEmpty();
    }

    List<JobStream> streams() {
        return List.copyOf(streams);
    }

    /** Sends a stream that joined an already polled job what the feed knows (its next poll sends the rest). */
    synchronized void catchUp(JobStream stream) {
        if (latest != null) {
            deliver(stream);
        }
    }

    /** One poll: one read of the database for every stream of the job. */
    synchronized void poll() {
        if (streams.isEmpty()) {
            return;
        }
        int lastEpoch = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
        Optional<Snapshot> found;
        try {
            found = source.read(jobId, lastEpoch);
        } catch (RuntimeException e) {
            log.warn("Polling the events of job {} failed (retried at the next poll): {}", jobId, e.toString());
            return;
        }
        if (found.isEmpty()) {
            for (JobStream stream : streams) {
                stream.markEnded();
                stream.emitter.complete();
                onEnd.accept(stream);
            }
            return;
        }
        latest = found.get().status();
        epochs.addAll(found.get().epochs());
        for (JobStream stream : streams) {
            deliver(stream);
        }
    }

    private void deliver(JobStream stream) {
        try {
            if (!stream.deliver(latest, epochs) || !stream.heartbeat(heartbeatNanos)) {
                onEnd.accept(stream);
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away (or its request was completed): end the request so its socket is closed
            log.debug("SSE stream of job {} ended: {}", jobId, e.toString());
            stream.markEnded();
            try {
                stream.emitter.completeWithError(e);
            } catch (RuntimeException ignored) {
                // already completed
            }
            onEnd.accept(stream);
        }
    }
}
