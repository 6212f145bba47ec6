package io.dropwise.training;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Prometheus-facing training metrics: jobs per status and the queue depth (all instances, from the database,
 * refreshed every few seconds), jobs training on this instance, epoch duration and training throughput.
 */
@Component
class TrainingMetrics {

    private static final Logger log = LoggerFactory.getLogger(TrainingMetrics.class);
    private static final long REFRESH_SECONDS = 5;

    private final Map<JobStatus, AtomicLong> byStatus = new EnumMap<>(JobStatus.class);
    private final TrainingJobRepository jobs;
    private final Timer epochDuration;
    private final DistributionSummary samplesPerSecond;
    private final MeterRegistry registry;

    TrainingMetrics(
            MeterRegistry registry,
            TrainingJobRepository jobs,
            RunningJobs running,
            ScheduledExecutorService trainingTimer) {
        this.registry = registry;
        this.jobs = jobs;
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("dropwise.jobs", count, AtomicLong::get)
                    .description("Training jobs per status (all instances)")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("dropwise.jobs.queue.depth", byStatus.get(JobStatus.QUEUED), AtomicLong::get)
                .description("Jobs waiting for a worker (all instances)")
                .register(registry);
        Gauge.builder("dropwise.training.running", running, RunningJobs::size)
                .description("Jobs training on this instance")
                .register(registry);
        epochDuration = Timer.builder("dropwise.training.epoch.duration")
                .description("Wall-clock time of one training epoch, validation included")
                .publishPercentileHistogram()
                .register(registry);
        samplesPerSecond = DistributionSummary.builder("dropwise.training.samples.per.second")
                .description("Training throughput of an epoch (examples per second, dropout on)")
                .register(registry);
        trainingTimer.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void epoch(long epochMillis, double samples) {
        epochDuration.record(Duration.ofMillis(epochMillis));
        if (Double.isFinite(samples)) {
            samplesPerSecond.record(samples);
        }
    }

    void finished(JobStatus status) {
        Counter.builder("dropwise.jobs.finished")
                .description("Jobs that reached a terminal status on this instance")
                .tag("status", status.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** Reads the per-status counts from the database. */
    void refresh() {
        try {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            jobs.countByStatusGrouped().forEach(c -> counts.put(c.status(), c.count()));
            byStatus.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status, 0L)));
        } catch (RuntimeException e) {
            log.debug("Refreshing job counts failed: {}", e.toString());
        }
    }
}
