package io.dropwise.sweep;

import io.dropwise.config.DaemonThreads;
import io.dropwise.config.SweepProperties;
import io.dropwise.training.JobEnded;
import io.dropwise.training.SweepEpochRecorded;
import io.dropwise.training.SweepJobs;
import jakarta.annotation.PreDestroy;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * When sweeps advance, on every instance: at once after a sweep's job ended (after its transaction committed), and
 * every {@code dropwise.sweeps.coordinator-interval} for each unfinished sweep (median pruning, queue room freed by
 * other jobs, and whatever a crash interrupted: the state is in the database, so the next tick on any instance picks
 * it up). With median pruning also when a fold job has just recorded epoch {@code afterEpochs} (on the instance running
 * it), so a hopeless trial is stopped as soon as it can be judged rather than at the next tick. One thread per
 * instance; the sweep's row lock orders instances.
 *
 * <p>An instance whose last look found no unfinished sweep looks again only every {@code
 * dropwise.sweeps.idle-interval} (a query every 500 ms is CPU that a training job's thread team on the same cores pays
 * for), until a sweep is submitted, cancelled or advanced here, which makes it look every tick again.
 */
@Component
class SweepTicker {

    private static final Logger log = LoggerFactory.getLogger(SweepTicker.class);

    private final SweepCoordinator coordinator;
    private final SweepRepository sweeps;
    private final SweepJobs jobs;
    private final SweepProperties properties;
    private final JsonMapper json;

    /** Per open sweep seen here: the epoch at which median pruning first judges a trial, 0 without pruning. */
    private final Map<String, Integer> pruneFrom = new ConcurrentHashMap<>();

    /** Counts {@link #wake} calls: a tick that sees it moved looks, however idle the last look was. */
    private final AtomicLong wakes = new AtomicLong();

    /** Ticks still to skip after a look that found no unfinished sweep (only the ticking thread uses these two). */
    private int idleSkips;

    private long wakesSeen;

    private final ScheduledThreadPoolExecutor executor =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("dropwise-sweeps"));

    SweepTicker(
            SweepCoordinator coordinator,
            SweepRepository sweeps,
            SweepJobs jobs,
            SweepProperties properties,
            JsonMapper json) {
        this.coordinator = coordinator;
        this.sweeps = sweeps;
        this.jobs = jobs;
        this.properties = properties;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long millis = properties.coordinatorInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Inside the job's terminal transaction: advance its sweep once that transaction committed. */
    @EventListener
    void on(JobEnded event) {
        String sweepId = jobs.sweepOf(event.jobId());
        if (sweepId != null && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    soon(sweepId);
                }
            });
        }
    }

    /**
     * Inside the transaction recording a fold job's epoch: once it committed, when that epoch is the sweep's {@code
     * afterEpochs}, advance the sweep (median pruning may judge the trial now). Any other epoch costs a map lookup.
     */
    @EventListener
    void on(SweepEpochRecorded event) {
        wake();
        Integer from = pruneFrom.get(event.sweepId());
        if ((from != null && from != event.epoch()) || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (!executor.isShutdown()) {
                    executor.execute(() -> {
                        if (pruneFrom(event.sweepId()) == event.epoch()) {
                            coordinator.advance(event.sweepId());
                        }
                    });
                }
            }
        });
    }

    private int pruneFrom(String sweepId) {
        try {
            return pruneFrom.computeIfAbsent(
                    sweepId,
                    id -> sweeps.findById(id)
                            .map(sweep -> json.readValue(sweep.getRequestJson(), SweepRequest.class))
                            .filter(SweepPlan::medianPruning)
                            .map(request -> request.pruning().afterEpochs())
                            .orElse(0));
        } catch (RuntimeException e) {
            log.debug("Sweep {}: pruning settings not read: {}", sweepId, e.getMessage());
            return 0;
        }
    }

    /** Advances the sweep on the sweeps thread. */
    void soon(String sweepId) {
        wake();
        if (!executor.isShutdown()) {
            executor.execute(() -> coordinator.advance(sweepId));
        }
    }

    /** Advances the sweep on the calling thread (a request that changed it answers with the result). */
    void advanceNow(String sweepId) {
        wake();
        coordinator.advance(sweepId);
    }

    /** A sweep is open here (submitted, cancelled, one of its jobs ended): look at the sweeps every tick again. */
    void wake() {
        wakes.incrementAndGet();
    }

    void tick() {
        long seen = wakes.get();
        if (idleSkips > 0 && seen == wakesSeen) {
            idleSkips--;
            return;
        }
        wakesSeen = seen; // a wake from now on (during the query below too) makes the next tick look
        idleSkips = 0;
        try {
            List<String> open = sweeps.idsByStatus(EnumSet.of(SweepStatus.QUEUED, SweepStatus.RUNNING));
            pruneFrom.keySet().retainAll(open);
            if (open.isEmpty()) {
                long ticks = properties.idleInterval().toMillis()
                        / Math.max(1, properties.coordinatorInterval().toMillis());
                idleSkips = (int) Math.min(Integer.MAX_VALUE, Math.max(0, ticks - 1));
            }
            open.forEach(coordinator::advance);
        } catch (RuntimeException e) {
            log.debug("Sweep tick failed: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
