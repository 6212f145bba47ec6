package io.dropwise.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.dropwise.config.TrainingProperties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The jobs training on this instance and why each should stop. A watcher polls the database every
 * {@code dropwise.training.watch-interval} so that a cancel sent to any instance, or the loss of a job to another
 * worker, reaches the training thread at its next batch boundary. On shutdown (context close) db-scheduler stops
 * taking jobs, every running job is asked to stop, and this waits until they have checkpointed and gone back to the
 * queue (bounded by {@code dropwise.training.shutdown-timeout}).
 */
@Component
class RunningJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunningJobs.class);

    /** Why a run is asked to stop at its next batch boundary. */
    enum StopReason {
        CANCEL,
        SHUTDOWN,
        FENCED
    }

    /** One job training on this instance. */
    static final class Run {

        final String jobId;
        final int attempt;
        private volatile StopReason stopReason;

        Run(String jobId, int attempt) {
            this.jobId = jobId;
            this.attempt = attempt;
        }

        StopReason stopReason() {
            return stopReason;
        }

        boolean stopRequested() {
            return stopReason != null;
        }

        void stop(StopReason reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }
    }

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final TrainingJobRepository jobs;
    private final ScheduledExecutorService timer;
    private final ObjectProvider<Scheduler> scheduler;
    private final TrainingProperties properties;
    private volatile boolean running;
    private volatile boolean shuttingDown;
    private ScheduledFuture<?> watcher;

    RunningJobs(
            TrainingJobRepository jobs,
            ScheduledExecutorService trainingTimer,
            ObjectProvider<Scheduler> scheduler,
            TrainingProperties properties) {
        this.jobs = jobs;
        this.timer = trainingTimer;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    /** Registers a run; a run registered during shutdown is asked to stop at once. */
    Run register(String jobId, int attempt) {
        Run run = new Run(jobId, attempt);
        runs.put(jobId, run);
        if (shuttingDown) {
            run.stop(StopReason.SHUTDOWN);
        }
        return run;
    }

    void unregister(Run run) {
        runs.remove(run.jobId, run);
        synchronized (this) {
            notifyAll();
        }
    }

    /** Asks a local run to stop (a cancel received by this instance); other instances learn it from the watcher. */
    void stop(String jobId, StopReason reason) {
        Run run = runs.get(jobId);
        if (run != null) {
            run.stop(reason);
        }
    }

    int size() {
        return runs.size();
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /** One round of the watcher: stop runs that were cancelled or no longer belong to their attempt. */
    void watch() {
        if (runs.isEmpty()) {
            return;
        }
        try {
            for (JobSignal signal : jobs.signals(List.copyOf(runs.keySet()))) {
                Run run = runs.get(signal.id());
                if (run == null) {
                    continue;
                }
                if (signal.status() != JobStatus.RUNNING || signal.attempts() != run.attempt) {
                    if (run.stopReason() == StopReason.FENCED) {
                        continue; // said once: the run stops at its next batch boundary
                    }
                    log.warn(
                            "Job {} attempt {} no longer belongs to this worker (status {}, attempt {}); stopping",
                            run.jobId,
                            run.attempt,
                            signal.status(),
                            signal.attempts());
                    run.stop(StopReason.FENCED);
                } else if (signal.cancelRequested()) {
                    run.stop(StopReason.CANCEL);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Watching running jobs failed: {}", e.toString());
        }
    }

    /** Starts the watcher; after a {@link #stop()} (a paused test context, a restart) also resumes taking jobs. */
    @Override
    public void start() {
        shuttingDown = false;
        Scheduler s = scheduler.getIfAvailable();
        if (s != null && s.getSchedulerState().isPaused()) {
            s.resume();
            s.triggerCheckForDueExecutions();
        }
        long interval = Math.max(50, properties.watchInterval().toMillis());
        watcher = timer.scheduleWithFixedDelay(this::watch, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        shuttingDown = true;
        Scheduler s = scheduler.getIfAvailable();
        if (s != null) {
            s.pause();
        }
        runs.values().forEach(run -> run.stop(StopReason.SHUTDOWN));
        if (!runs.isEmpty()) {
            log.info("Shutdown: asking {} running job(s) to checkpoint and go back to the queue", runs.size());
        }
        long deadline = System.nanoTime() + properties.shutdownTimeout().toNanos();
        synchronized (this) {
            while (!runs.isEmpty() && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!runs.isEmpty()) {
            log.warn(
                    "Shutdown: {} job(s) did not stop within {}; another instance takes them over when their "
                            + "heartbeat expires",
                    runs.size(),
                    properties.shutdownTimeout());
        }
        if (watcher != null) {
            watcher.cancel(false);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown and long before db-scheduler and the DataSource. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
