package io.dropwise.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Health {@code database}: DOWN when the service's own schema does not answer (a closed or lost database; a fresh
 * empty database behind the same URL answers {@code select 1} but not this). It is part of readiness, so an
 * orchestrator drains or restarts the instance. When a job's write fails and this probe fails too, {@link #failed}
 * pauses the job queue on this instance (training stops instead of retrying against a dead database) and marks it
 * not ready, until the probe answers again.
 */
@Component
class DatabaseHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealthIndicator.class);
    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final ObjectProvider<Scheduler> scheduler;
    private final ApplicationEventPublisher events;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> recheck;
    private volatile String failure;

    DatabaseHealthIndicator(
            JdbcTemplate jdbc,
            ObjectProvider<Scheduler> scheduler,
            ApplicationEventPublisher events,
            ScheduledExecutorService trainingTimer) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setQueryTimeout(5);
        this.scheduler = scheduler;
        this.events = events;
        this.timer = trainingTimer;
    }

    @Override
    public Health health() {
        String error = probe();
        if (error != null) {
            return Health.down().withDetail("error", error).build();
        }
        // the queue stays paused until the recheck resumes it: report that, even if a probe has just succeeded
        return failure != null
                ? Health.down().withDetail("error", failure).build()
                : Health.up().build();
    }

    /**
     * A job's database write failed with {@code e}: true when the database is down (the queue is paused on this
     * instance and readiness is DOWN until it answers), false for a transient failure.
     */
    synchronized boolean failed(RuntimeException e) {
        String error = probe();
        if (error == null) {
            return false;
        }
        if (failure == null) {
            failure = error;
            log.error(
                    "The database does not answer ({}; the job failed with: {}). This instance stops training and "
                            + "reports DOWN until it answers again",
                    error,
                    e.getMessage());
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
            scheduler.ifAvailable(Scheduler::pause);
            recheck = timer.scheduleWithFixedDelay(
                    this::recover, RECHECK.toMillis(), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private synchronized void recover() {
        if (failure == null || probe() != null) {
            return;
        }
        failure = null;
        recheck.cancel(false);
        log.warn("The database answers again: this instance takes jobs again");
        scheduler.ifAvailable(Scheduler::resume);
        AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
    }

    /** Null when the schema answers, else what went wrong. */
    private String probe() {
        try {
            jdbc.queryForObject("select count(*) from training_queue_lock", Long.class);
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
