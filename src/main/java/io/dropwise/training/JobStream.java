package io.dropwise.training;

import io.dropwise.training.JobEventSource.StatusEvent;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's event stream: what it has been sent (its cursor, which {@code Last-Event-ID} restores), and whether
 * the key that opened it is still valid. Event ids: {@code <job>/epoch/<n>} and {@code <job>/status/<STATUS>/<n>},
 * {@code n} being the last epoch sent.
 */
final class JobStream {

    final String jobId;
    final SseEmitter emitter;
    private final BooleanSupplier authorized;
    private int sentEpoch;
    private JobStatus sentStatus;
    private long lastWriteNanos = System.nanoTime();
    private volatile boolean ended;

    JobStream(String jobId, SseEmitter emitter, BooleanSupplier authorized, String lastEventId) {
        this.jobId = jobId;
        this.emitter = emitter;
        this.authorized = authorized;
        resumeAfter(lastEventId);
    }

    /** Restores the cursor from a {@code Last-Event-ID} of this job; any other value replays everything. */
    private void resumeAfter(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(jobId + "/")) {
            return;
        }
        String[] parts = lastEventId.substring(jobId.length() + 1).split("/");
        try {
            if (parts.length == 2 && parts[0].equals("epoch")) {
                sentEpoch = Math.max(0, Integer.parseInt(parts[1]));
                sentStatus = JobStatus.RUNNING; // epochs are only made while running
            } else if (parts.length == 3 && parts[0].equals("status")) {
                sentStatus = JobStatus.valueOf(parts[1]);
                sentEpoch = Math.max(0, Integer.parseInt(parts[2]));
            }
        } catch (IllegalArgumentException garbled) {
            sentEpoch = 0;
            sentStatus = null;
        }
    }

    boolean ended() {
        return ended;
    }

    void markEnded() {
        ended = true;
    }

    /**
     * Sends what this client has not seen: a changed non-terminal status before the new epochs, a terminal one after
     * them, then the end of the stream. Returns false when the stream is over (ended, or its key was revoked).
     */
    synchronized boolean deliver(StatusEvent status, List<EpochMetricView> epochs) throws IOException {
        boolean changed = status.status() != sentStatus;
        boolean fresh = !epochs.isEmpty() && epochs.get(epochs.size() - 1).epoch() > sentEpoch;
        boolean terminal = status.status().isTerminal();
        if (ended || (!changed && !fresh && !terminal)) {
            return !ended;
        }
        if (!stillAuthorized()) {
            return false;
        }
        if (changed && !terminal) {
            sendStatus(status);
        }
        for (EpochMetricView m : epochs) {
            if (m.epoch() > sentEpoch) {
                emitter.send(SseEmitter.event()
                        .name("epoch")
                        .id(jobId + "/epoch/" + m.epoch())
                        .data(m, MediaType.APPLICATION_JSON));
                sentEpoch = m.epoch();
            }
        }
        if (terminal) {
            if (changed) {
                sendStatus(status);
            }
            ended = true;
            emitter.complete();
            return false;
        }
        lastWriteNanos = System.nanoTime();
        return true;
    }

    /** A comment when nothing was written for {@code intervalNanos}: how a client that went away is noticed. */
    synchronized boolean heartbeat(long intervalNanos) throws IOException {
        if (ended || System.nanoTime() - lastWriteNanos < intervalNanos) {
            return !ended;
        }
        if (!stillAuthorized()) {
            return false;
        }
        emitter.send(SseEmitter.event().comment("heartbeat"));
        lastWriteNanos = System.nanoTime();
        return true;
    }

    private boolean stillAuthorized() {
        if (authorized.getAsBoolean()) {
            return true;
        }
        ended = true;
        emitter.complete();
        return false;
    }

    private void sendStatus(StatusEvent status) throws IOException {
        sentStatus = status.status();
        emitter.send(SseEmitter.event()
                .name("status")
                .id(jobId + "/status/" + sentStatus + "/" + sentEpoch)
                .data(status, MediaType.APPLICATION_JSON));
    }
}
